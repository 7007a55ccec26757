import { pinyin } from 'pinyin-pro';
import type { CategoryNode, Taxonomy } from '../../../shared/domain/cases/script';
import { type Locale, LOCALES, type LocalizedText, localize } from '../../../shared/domain/kernel/locale';

export interface TreeNode {
  value: string;
  title: string;
  /**
   * What a typed search matches (the pickers' `treeNodeFilterProp`): the
   * label in every language, its full pinyin and its pinyin initials, lower case.
   */
  search: string;
  children?: TreeNode[];
  /** False for a parent when only leaves may be chosen (a case is filed under 银行 / 收费, not 银行). */
  selectable?: boolean;
  /** In a flat list of leaves: the parents' labels, "通信" (two 服务态度 live under different parents). */
  path?: string;
}

/** The property of a TreeNode the pickers search. */
export const CATEGORY_SEARCH_PROP = 'search';

const HAN = /\p{Script=Han}/u;

/**
 * The text a search for `text` is matched against (a plain `includes`, as the
 * picker does): the text itself, its pinyin joined and spaced, and its pinyin
 * initials, so 增值业务订购 is found by 增值, zzyw, zz, zengzhi and "zeng zhi".
 * Computed at run time: taxonomies are edited per organisation.
 */
export function searchText(text: string): string {
  const parts = [text.toLowerCase()];
  if (HAN.test(text)) {
    const syllables = pinyin(text, { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase());
    const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' });
    parts.push(syllables.join(''), syllables.join(' '), initials.join('').toLowerCase());
  }
  return parts.join('|');
}

/** A label's search text in every language, so a clerk finds 银行 by "bank" as well as "yh". */
function labelSearch(label: LocalizedText): string {
  return LOCALES.map((l) => searchText(label[l])).join('|');
}

/**
 * The category tree for antd TreeSelect, labelled in `locale`. With
 * `leavesOnly` a parent cannot be chosen (the core refuses it as a case's
 * category); a list filter may still pick a whole parent.
 */
export function categoryTree(
  taxonomy: Taxonomy,
  locale: Locale,
  opts: { leavesOnly?: boolean } = {},
): TreeNode[] {
  const walk = (nodes: CategoryNode[]): TreeNode[] =>
    nodes.map((n) => {
      const node: TreeNode = {
        value: n.value,
        title: localize(n.label, locale),
        search: labelSearch(n.label),
      };
      if (n.children && n.children.length > 0) {
        node.children = walk(n.children);
        if (opts.leavesOnly) node.selectable = false;
      }
      return node;
    });
  return walk(taxonomy.categories);
}

/**
 * The leaves of a tree as one flat list, each with its parents' labels as
 * `path` and searchable by its parents' words too. The intake picker searches this list:
 * the picker highlights the first selectable match, and in the tree it skips a
 * whole unselectable parent, children included, so nothing would be highlighted.
 */
export function categoryLeaves(tree: readonly TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (nodes: readonly TreeNode[], path: string[], search: string[]) => {
    for (const n of nodes) {
      if (n.children && n.children.length > 0) walk(n.children, [...path, n.title], [...search, n.search]);
      else
        out.push({
          value: n.value,
          title: n.title,
          search: [...search, n.search].join('|'),
          ...(path.length > 0 ? { path: path.join(' / ') } : {}),
        });
    }
  };
  walk(tree, [], []);
  return out;
}

/** The first node a search highlights, as the picker finds it: depth first, selectable, `search` includes the query. */
export function firstMatch(nodes: readonly TreeNode[], query: string): TreeNode | null {
  const q = query.toLowerCase();
  for (const n of nodes) {
    if (n.selectable === false) continue;
    if (n.search.includes(q)) return n;
    const inChildren = n.children ? firstMatch(n.children, q) : null;
    if (inChildren) return inChildren;
  }
  return null;
}
