/**
 * What the work-order forms ask the desk for (issue 11, O5b): the templates
 * this desk loaded, the staff's names, and the promised delivery time's
 * default from the branch calendar. The pure parts are in ./orderItems.ts.
 */
import { useEffect, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { compileCalendar } from '../../../../shared/domain/deadlines/calendar';
import { addWorkingMinutes, endOfWorkingDay } from '../../../../shared/domain/deadlines/businessTime';
import type { OrderTemplates } from '../../../../shared/domain/orders/template';
import { callDesk } from '../../lib/desk';

let templatesOnce: Promise<OrderTemplates | null> | null = null;

/** The order templates the desk loaded (asked once per page load); null while loading or if the desk has none. */
export function useOrderTemplates(): OrderTemplates | null {
  const [templates, setTemplates] = useState<OrderTemplates | null>(null);
  useEffect(() => {
    let live = true;
    templatesOnce ??= callDesk('order.templates', {}).then((r) => {
      if (r.ok) return r.value.templates;
      templatesOnce = null; // ask again next time
      return null;
    });
    void templatesOnce.then((t) => {
      if (live) setTemplates(t);
    });
    return () => {
      live = false;
    };
  }, []);
  return templates;
}

const TWO_WORKING_HOURS = 120;

/**
 * The promised delivery time's default from the branch calendar: the end of
 * the working day that is at least two working hours away (brought in at
 * 16:45, promised for tomorrow's close). Null when the calendar cannot be
 * read (the clerk picks the time).
 */
export function useDefaultPromised(): Dayjs | null {
  const [at, setAt] = useState<Dayjs | null>(null);
  useEffect(() => {
    let live = true;
    void callDesk('settings.calendar.get', {}).then((r) => {
      if (!live || !r.ok) return;
      try {
        const cal = compileCalendar({ ...r.value.calendar, publicYears: r.value.publicYears });
        const end = endOfWorkingDay(cal, addWorkingMinutes(cal, Date.now(), TWO_WORKING_HOURS));
        if (Number.isFinite(end)) setAt(dayjs(end).second(0).millisecond(0));
      } catch {
        /* a calendar the renderer cannot compile: no default */
      }
    });
    return () => {
      live = false;
    };
  }, []);
  return at;
}
