/** The add-evidence form's first guess of a file's kind: phone recordings in 3GP/M4A are recordings (review finding 6). */
import { describe, expect, it } from 'vitest';
import { guessKind } from '../../renderer/src/features/evidence/format';

describe('guessKind', () => {
  it.each([
    ['a.jpg', 'image/jpeg', 'photo'],
    ['录音.3gp', 'video/3gpp', 'recording'],
    ['rec.3ga', '', 'recording'],
    ['voice.m4a', '', 'recording'],
    ['a.mp3', 'audio/mpeg', 'recording'],
    ['合同.pdf', 'application/pdf', 'document'],
  ])('%s (%j) → %s', (name, type, kind) => {
    expect(guessKind(new File([new Uint8Array(1)], name, { type }))).toBe(kind);
  });
});
