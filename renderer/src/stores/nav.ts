/**
 * Which screen is shown, mirrored in location.hash (#/cases, #/new,
 * #/cases/<id>, #/settings, #/settings/staff) so reload and the browser's back button keep working.
 */
import { create } from 'zustand';

export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'case'; id: string }
  | { name: 'settings' }
  | { name: 'staff' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'new') return { name: 'new' };
  if (path === 'settings') return { name: 'settings' };
  if (path === 'settings/staff') return { name: 'staff' };
  const m = /^cases\/([^/]+)$/.exec(path);
  if (m && m[1] && UUID.test(m[1])) return { name: 'case', id: m[1] };
  return { name: 'list' };
}

export function hashOf(route: Route): string {
  switch (route.name) {
    case 'new':
      return '#/new';
    case 'case':
      return `#/cases/${route.id}`;
    case 'settings':
      return '#/settings';
    case 'staff':
      return '#/settings/staff';
    default:
      return '#/cases';
  }
}

interface NavState {
  route: Route;
  go(route: Route): void;
}

export const useNav = create<NavState>((set) => ({
  route: parseHash(window.location.hash),
  go(route) {
    const hash = hashOf(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route });
  },
}));

window.addEventListener('hashchange', () => {
  useNav.setState({ route: parseHash(window.location.hash) });
});
