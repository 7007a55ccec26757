/**
 * Staff and sign-in steps the web specs share: hiring staff through the
 * signed-in administrator's desk, signing someone in (after signing out
 * whoever is in, or on the sign-in screen), and a round-the-clock branch
 * calendar so that deadlines fall the same whatever day a spec runs.
 */
import type { Page } from '@playwright/test';
import { deskCall, toastsGone } from './desk';
import { Shell } from './Shell';
import { SignInPage } from './SignInPage';

export interface Hire {
  name: string;
  login: string;
  pin: string;
}

/** Creates each person with their role (the page is signed in as an administrator). */
export async function hireStaff(page: Page, staff: readonly (readonly [Hire, string])[]): Promise<void> {
  for (const [who, role] of staff) {
    await deskCall(page, 'staff.create', {
      name: who.name,
      login: who.login,
      role,
      secretKind: 'pin',
      secret: who.pin,
    });
  }
}

/** The counter clerk 李柜员 (li) and the supervisor 周主管 (zhou), both with `pin`. */
export function hireClerkAndSupervisor(page: Page, pin: string): Promise<void> {
  return hireStaff(page, [
    [{ name: '李柜员', login: 'li', pin }, 'counter'],
    [{ name: '周主管', login: 'zhou', pin }, 'supervisor'],
  ]);
}

/** From the sign-in screen: signs `who` in and checks the header shows them with `role`. */
export async function signInAs(page: Page, who: Hire, role: string): Promise<void> {
  await new SignInPage(page).signIn(who.login, who.pin);
  await new Shell(page).expectSignedIn(who.name, role);
}

/** A sign-in that first signs out whoever is in; all with one `pin`. */
export function switchUserWith(pin: string) {
  return async (page: Page, login: string, name: string, role: string): Promise<void> => {
    await toastsGone(page);
    await new Shell(page).signOut();
    await signInAs(page, { name, login, pin }, role);
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "YYYY-MM-DD" of `ms` in Shanghai. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
}

/** A round-the-clock calendar, the 8 days from `start` worked even if public holidays. */
export async function roundTheClockWeek(page: Page, start: number): Promise<void> {
  const allDay = [{ from: '00:00', to: '24:00' }];
  await deskCall(page, 'settings.calendar.set', {
    calendar: {
      timeZone: 'Asia/Shanghai',
      week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      makeUpHoursOf: 'mon',
      closures: [],
      extraDays: Array.from({ length: 8 }, (_, i) => ({
        date: shanghaiDate(start + i * DAY),
        hours: allDay,
        reason: '全天营业',
      })),
    },
  });
}
