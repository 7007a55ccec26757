/**
 * The desk's volume fold in memory (the flags the list reports), set by the
 * volume projector each time it folds the stream; the figures themselves are
 * the `volume_figures` rows.
 */
import { foldVolume, type VolumeState } from '../../../../shared/domain/volume/fold';
import type { DeskDatabase } from '../../db/open';

const books = new WeakMap<DeskDatabase, VolumeState>();
const EMPTY = foldVolume([]);

export function setVolumeBook(d: DeskDatabase, state: VolumeState): void {
  books.set(d, state);
}

export function volumeBook(d: DeskDatabase): VolumeState {
  return books.get(d) ?? EMPTY;
}
