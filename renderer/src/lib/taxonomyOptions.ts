import type { CategoryNode, Taxonomy } from '../../../shared/domain/cases/script';
import { type Locale, localize } from '../../../shared/domain/kernel/locale';

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
