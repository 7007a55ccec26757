import { isMoneyUnit, type VolumeUnit } from '../../../../shared/domain/volume/payloads';

/** A business-volume figure in the chosen UI language's number format, not the computer's. */
export const fmtVolume = (unit: VolumeUnit, v: number, language: string): string =>
  v.toLocaleString(language === 'en' ? 'en-US' : 'zh-CN', {
    maximumFractionDigits: isMoneyUnit(unit) ? 4 : 0,
  });
