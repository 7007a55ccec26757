import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Taxonomy } from '../../shared/domain/cases/script';
import { categoryTree } from '../../renderer/src/lib/taxonomyOptions';

const taxonomy = Taxonomy.parse(JSON.parse(readFileSync('resources/taxonomy/default.json', 'utf8')));

describe('the category tree of the pickers', () => {
  it('at intake only leaves can be chosen: every parent is unselectable, every leaf selectable', () => {
    const tree = categoryTree(taxonomy, 'zh-CN', { leavesOnly: true });
    const banking = tree.find((n) => n.value === 'banking');
    expect(banking?.title).toBe('银行');
    expect(banking?.selectable).toBe(false);
    expect(banking?.children?.find((c) => c.value === 'banking.fees')?.selectable).toBeUndefined();
    // 其他 has no subcategories: it is a leaf and stays selectable.
    expect(tree.find((n) => n.value === 'other')?.selectable).toBeUndefined();
  });

  it('a list filter may still pick a whole parent', () => {
    const tree = categoryTree(taxonomy, 'en');
    expect(tree.find((n) => n.value === 'banking')).toMatchObject({ title: 'Banking' });
    expect(tree.every((n) => n.selectable === undefined)).toBe(true);
  });
});
