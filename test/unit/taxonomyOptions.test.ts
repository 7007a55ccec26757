import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Taxonomy } from '../../shared/domain/cases/script';
import { categoryLeaves, categoryTree, firstMatch, searchText } from '../../renderer/src/lib/taxonomyOptions';

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

describe('searching the category picker (issue 10)', () => {
  const leaves = categoryLeaves(categoryTree(taxonomy, 'zh-CN', { leavesOnly: true }));

  it('finds 增值业务订购 by characters, pinyin initials and full pinyin, first, and it is a leaf', () => {
    for (const q of ['增值', 'zzyw', 'zz', 'ZZ', 'zengzhi', 'zeng zhi', 'zzywdg']) {
      expect(firstMatch(leaves, q)?.value, q).toBe('telecom.value_added');
    }
    expect(firstMatch(leaves, 'zz')).toMatchObject({ title: '增值业务订购', path: '通信' });
    expect(firstMatch(leaves, 'zz')?.children).toBeUndefined();
  });

  it('the intake search lists leaves only, with their parent: a parent word finds its first subcategory', () => {
    expect(leaves.every((n) => n.children === undefined && n.selectable === undefined)).toBe(true);
    expect(leaves.map((n) => n.value)).not.toContain('telecom');
    expect(firstMatch(leaves, 'tx')?.value).toBe('telecom.billing');
    expect(firstMatch(leaves, 'yinhang')?.value).toBe('banking.counter_service');
    // Two 服务态度: the path tells them apart.
    expect(leaves.filter((n) => n.title === '服务态度').map((n) => n.path)).toEqual(['通信', '物业管理']);
  });

  it('in the intake tree a parent is never the first match, and the list filter finds the leaf under it', () => {
    const intake = categoryTree(taxonomy, 'zh-CN', { leavesOnly: true });
    // The picker skips an unselectable parent with its children: hence the flat list above.
    expect(firstMatch(intake, 'zz')).toBeNull();
    const filter = categoryTree(taxonomy, 'zh-CN');
    expect(firstMatch(filter, 'zz')?.value).toBe('telecom.value_added');
  });

  it('searches both languages and keeps English search plain', () => {
    const en = categoryLeaves(categoryTree(taxonomy, 'en', { leavesOnly: true }));
    expect(firstMatch(en, 'value-added')?.value).toBe('telecom.value_added');
    expect(firstMatch(en, 'zzyw')).toMatchObject({ title: 'Value-added subscriptions', path: 'Telecom' });
    expect(en.find((n) => n.value === 'other')?.path).toBeUndefined();
    expect(searchText('Cards')).toBe('cards');
    expect(searchText('银行卡').split('|')).toEqual(['银行卡', 'yinhangka', 'yin hang ka', 'yhk']);
  });
});
