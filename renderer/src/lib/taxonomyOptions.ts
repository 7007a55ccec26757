import type { CategoryNode, Locale, Taxonomy } from '../../../shared/domain/script';
import { localize } from '../../../shared/domain/scriptRules';

export interface TreeNode {
  value: string;
  title: string;
  children?: TreeNode[];
}

/** The category tree for antd TreeSelect, labelled in `locale`. */
export function categoryTree(taxonomy: Taxonomy, locale: Locale): TreeNode[] {
  const walk = (nodes: CategoryNode[]): TreeNode[] =>
    nodes.map((n) => {
      const node: TreeNode = { value: n.value, title: localize(n.label, locale) };
      if (n.children && n.children.length > 0) node.children = walk(n.children);
      return node;
    });
  return walk(taxonomy.categories);
}
