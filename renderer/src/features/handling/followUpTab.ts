/**
 * Which tab of the follow-up card is shown, so other parts of the handling
 * view can send the clerk there: step 6's contact count offers "record
 * contact", which opens the contacts tab and puts the cursor in its form.
 */
import { create } from 'zustand';

export type FollowUpTab = 'contacts' | 'actions' | 'callbacks';

interface FollowUpTabState {
  /** The tab the clerk chose, or null: the card picks one from the case's state. */
  tab: FollowUpTab | null;
  /** Bumped to ask the shown tab's form for the focus. */
  focusRequest: number;
  show(tab: FollowUpTab | null): void;
  showAndFocus(tab: FollowUpTab): void;
}

export const useFollowUpTab = create<FollowUpTabState>((set) => ({
  tab: null,
  focusRequest: 0,
  show: (tab) => set({ tab }),
  showAndFocus: (tab) => set((s) => ({ tab, focusRequest: s.focusRequest + 1 })),
}));

/** Element ids of each tab's first form control (focused on request). */
export const FIRST_CONTROL: Record<FollowUpTab, string> = {
  contacts: 'ld-contact-outcome',
  actions: 'ld-action-what',
  callbacks: 'ld-callback-outcome',
};
