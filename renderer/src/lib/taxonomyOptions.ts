import type { CategoryNode, Taxonomy } from '../../../shared/domain/cases/script';
import { type Locale, localize } from '../../../shared/domain/kernel/locale';

export interface TreeNode {
  value: string;
  title: string;
  children?: TreeNode[];
  /** False for a parent when only leaves may be chosen (a case is filed under 银行 / 收费, not 银行). */
  selectable?: boolean;
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
      const node: TreeNode = { value: n.value, title: localize(n.label, locale) };
      if (n.children && n.children.length > 0) {
        node.children = walk(n.children);
        if (opts.leavesOnly) node.selectable = false;
      }
      return node;
    });
  return walk(taxonomy.categories);
}
