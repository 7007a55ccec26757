/**
 * The PDF log listing's selection line (electron/desk/features/pdf/selection.ts):
 * it names every filter the list had, in the document's language. A listing
 * of the first-contact-resolution filter or of an analysis drill-down read
 * 全部投诉单 / "every case" although it listed only the cases they found.
 */
import { describe, expect, it } from 'vitest';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { selectionWords } from '../../electron/desk/features/pdf';
import type { PdfFilters } from '../../electron/desk/features/pdf';
import type { Locale } from '../../shared/domain/kernel/locale';
import { DEFAULT_ANALYSIS_LISTS, type AnalysisLists } from '../../shared/domain/settings/lists';

const { taxonomy } = loadScriptResources();
const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const staffNames = new Map([['s-1', '王芳']]);
const lists: AnalysisLists = {
  ...DEFAULT_ANALYSIS_LISTS,
  regions: [{ value: 'north', 'zh-CN': '北区', en: 'North' }],
};
const words = (f: PdfFilters, l: Locale) => selectionWords(f, l, taxonomy, time, { staffNames, lists });

describe('the PDF listing names its selection', () => {
  it('says every case only when the list had no filter', () => {
    expect(words({}, 'zh-CN')).toBe('全部投诉单');
    expect(words({}, 'en')).toBe('every case');
  });

  it('names the first-contact resolution filter, yes and no', () => {
    expect(words({ fcr: true }, 'zh-CN')).toBe('一次解决：是');
    expect(words({ fcr: false }, 'zh-CN')).toBe('一次解决：否');
    expect(words({ fcr: true }, 'en')).toBe('First-contact resolution: yes');
    expect(words({ fcr: false }, 'en')).toBe('First-contact resolution: no');
  });

  it('names an analysis drill: its period (last day inclusive) and each value by its name', () => {
    const analysis = {
      period: { fromDay: '2026-11-01', toDay: '2026-12-01' },
      where: { gender: 'female', mainCategory: 'insurance', region: 'north', escalationLevel: null },
    };
    expect(words({ analysis }, 'zh-CN')).toBe(
      '投诉分析：2026-11-01 至 2026-11-30 · 大类：保险 · 升级层级：未升级 · 性别：女 · 地区：北区',
    );
    expect(words({ analysis }, 'en')).toBe(
      'Complaint analysis: 2026-11-01 to 2026-11-30 · Main category: Insurance · ' +
        'Escalation level: Not escalated · Gender: female · Region: North',
    );
    // A drill with no values still names its period; one day reads as that day.
    expect(
      words({ analysis: { period: { fromDay: '2026-11-05', toDay: '2026-11-06' }, where: {} } }, 'en'),
    ).toBe('Complaint analysis: 2026-11-05');
  });

  it('names the other filters in words, not as codes', () => {
    const f: PdfFilters = {
      owner: 's-1',
      due: 'overdue',
      repeat: true,
      nature: 'valid',
      escalation: 'unreviewed',
      malice: 'flagged',
    };
    expect(words(f, 'zh-CN')).toBe(
      '首问负责人：王芳 · 期限：已超时 · 仅重复投诉 · 定性：有效 · 升级待主管审核 · 恶意投诉：已标记（任一状态）',
    );
    expect(words({ repeat: false, escalation: 'region', malice: 'malicious' }, 'en')).toBe(
      'first complaints only · escalated to Region · Malicious claim: determined malicious',
    );
  });

  it('keeps the period, status, category, severity and text as before, the new filters after them', () => {
    const f: PdfFilters = {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      status: 'closed',
      category: 'insurance.claims_counter',
      severity: 'urgent',
      text: '退款',
      fcr: false,
    };
    expect(words(f, 'zh-CN')).toBe(
      '受理时间 2026-11-01 00:00 – 2026-12-01 00:00 · 已结案 · 保险 / 理赔柜面 · 紧急 · “退款” · 一次解决：否',
    );
  });
});
