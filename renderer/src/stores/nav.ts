/**
 * Which screen is shown, mirrored in location.hash (#/cases, #/new,
 * #/cases/<id>, #/work, #/board, #/orders, #/orders/<id>, #/orders/<id>/slip|release-slip,
 * #/orders/new, #/orders/rework, #/orders/report, #/settings, #/settings/calendar,
 * #/settings/rules, #/settings/staff, #/settings/lists, #/volume, #/library, #/import, #/analysis,
 * #/rectification[/<id>|/new?category=…]) so reload and the browser's back button keep working.
 */
import { create } from 'zustand';
import { RECT_SCOPE_DIMS, type RectScopeDim } from '../../../shared/domain/rectification/payloads';

export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'case'; id: string }
  | { name: 'work' }
  | { name: 'board' }
  | { name: 'orders' }
  | { name: 'order'; id: string }
  | { name: 'settings' }
  | { name: 'calendar' }
  | { name: 'rules' }
  | { name: 'staff' }
  /** The repair shop's monthly QC report (issue 11). */
  | { name: 'orderReport' }
  // Work orders (issue 11): the new-order and rework forms and the slips.
  | { name: 'orderNew' }
  | { name: 'orderRework' }
  | { name: 'orderSlip'; id: string; slip: 'order' | 'release' }
  /** The case library, standard answers and plans (issue 12). */
  | { name: 'library' }
  /** Importing a hand-kept complaint log (issue 13). */
  | { name: 'import' }
  /** The supervisors' complaint analysis (issue 14). */
  | { name: 'analysis' }
  /**
   * Rectification items (issue 14 item 7): the list, one item (`id`), or the
   * open form prefilled for a category, failure point... (`prefill`:
   * #/rectification/new?category=banking.fees, the dashboard's link).
   */
  | { name: 'rectification'; id?: string; prefill?: { dim: RectScopeDim; value: string } }
  /** Issue 14: the branch's business volume (supervisors, admins) and the analysis lists (a settings tab). */
  | { name: 'volume' }
  | { name: 'lists' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `#/rectification`, `#/rectification/<id>`, `#/rectification/new?<dim>=<value>`. */
function parseRectification(path: string): Route | null {
  if (path === 'rectification') return { name: 'rectification' };
  const n = /^rectification\/new(?:\?(.*))?$/.exec(path);
  if (n) {
    const q = new URLSearchParams(n[1] ?? '');
    for (const dim of RECT_SCOPE_DIMS) {
      const value = q.get(dim);
      if (value) return { name: 'rectification', prefill: { dim, value } };
    }
    return { name: 'rectification', prefill: { dim: 'category', value: '' } };
  }
  const m = /^rectification\/([^/?]+)$/.exec(path);
  if (m && m[1] && UUID.test(m[1])) return { name: 'rectification', id: m[1] };
  return null;
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === 'new') return { name: 'new' };
  if (path === 'settings') return { name: 'settings' };
  if (path === 'settings/staff') return { name: 'staff' };
  if (path === 'settings/calendar') return { name: 'calendar' };
  if (path === 'settings/rules') return { name: 'rules' };
  if (path === 'work') return { name: 'work' };
  if (path === 'board') return { name: 'board' };
  if (path === 'library') return { name: 'library' };
  if (path === 'import') return { name: 'import' };
  if (path === 'analysis') return { name: 'analysis' };
  const rect = parseRectification(path);
  if (rect) return rect;
  if (path === 'volume') return { name: 'volume' };
  if (path === 'settings/lists') return { name: 'lists' };
  if (path === 'orders/report') return { name: 'orderReport' };
  if (path === 'orders') return { name: 'orders' };
  if (path === 'orders/new') return { name: 'orderNew' };
  if (path === 'orders/rework') return { name: 'orderRework' };
  const o = /^orders\/([^/]+)(?:\/(slip|release-slip))?$/.exec(path);
  if (o && o[1] && UUID.test(o[1])) {
    if (o[2] === 'slip') return { name: 'orderSlip', id: o[1], slip: 'order' };
    if (o[2] === 'release-slip') return { name: 'orderSlip', id: o[1], slip: 'release' };
    return { name: 'order', id: o[1] };
  }
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
    case 'calendar':
      return '#/settings/calendar';
    case 'rules':
      return '#/settings/rules';
    case 'work':
      return '#/work';
    case 'board':
      return '#/board';
    case 'library':
      return '#/library';
    case 'import':
      return '#/import';
    case 'analysis':
      return '#/analysis';
    case 'rectification':
      if (route.id) return `#/rectification/${route.id}`;
      if (route.prefill)
        return route.prefill.value === ''
          ? '#/rectification/new'
          : `#/rectification/new?${route.prefill.dim}=${encodeURIComponent(route.prefill.value)}`;
      return '#/rectification';
    case 'volume':
      return '#/volume';
    case 'lists':
      return '#/settings/lists';
    case 'orderReport':
      return '#/orders/report';
    case 'orders':
      return '#/orders';
    case 'order':
      return `#/orders/${route.id}`;
    case 'orderNew':
      return '#/orders/new';
    case 'orderRework':
      return '#/orders/rework';
    case 'orderSlip':
      return `#/orders/${route.id}/${route.slip === 'order' ? 'slip' : 'release-slip'}`;
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
