/**
 * The category picker (intake and the list filter): searched by characters,
 * pinyin initials ("zz" finds 增值业务订购) and full pinyin. With `leavesOnly`
 * a parent cannot be chosen, and a search lists the matching leaves with
 * their parent, so the first highlighted match (what Enter picks) is a leaf.
 */
import { useMemo, useState } from 'react';
import { TreeSelect, type TreeSelectProps } from 'antd';
import { useLocale } from '../i18n';
import { useScript } from '../stores/script';
import { CATEGORY_SEARCH_PROP, categoryLeaves, categoryTree } from './taxonomyOptions';

type Props = Omit<TreeSelectProps<string>, 'treeData' | 'showSearch' | 'searchValue' | 'onSearch'> & {
  leavesOnly?: boolean;
};

export function CategoryPicker({ leavesOnly, onChange, onOpenChange, ...rest }: Props) {
  const locale = useLocale((s) => s.locale);
  const taxonomy = useScript((s) => s.taxonomy);
  const [query, setQuery] = useState('');
  const tree = useMemo(
    () => (taxonomy ? categoryTree(taxonomy, locale, { leavesOnly }) : []),
    [taxonomy, locale, leavesOnly],
  );
  // A leaf found by a search shows its parent after it: 服务态度 · 通信.
  const leaves = useMemo(
    () =>
      leavesOnly
        ? categoryLeaves(tree).map((n) => ({
            ...n,
            title: n.path ? (
              <>
                {n.title}
                <span className="ld-muted"> · {n.path}</span>
              </>
            ) : (
              n.title
            ),
          }))
        : null,
    [tree, leavesOnly],
  );
  return (
    <TreeSelect<string>
      treeDefaultExpandAll
      {...rest}
      treeData={query && leaves ? leaves : tree}
      showSearch={{ searchValue: query, onSearch: setQuery, treeNodeFilterProp: CATEGORY_SEARCH_PROP }}
      onChange={(value, labels, extra) => {
        setQuery('');
        onChange?.(value, labels, extra);
      }}
      onOpenChange={(open) => {
        if (!open) setQuery('');
        onOpenChange?.(open);
      }}
    />
  );
}
