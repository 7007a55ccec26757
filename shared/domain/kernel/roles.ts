/**
 * Staff roles. Every feature checks authority against them (who may sign,
 * determine, release, change staff), so they belong to the kernel.
 */
import { z } from 'zod';

/**
 * counter: counter clerk (柜台); lead: repair team lead (班组长); qc: QC
 * inspector (质检员); supervisor (主管); admin (管理员). The matrix of what
 * each may do is docs/roles.md.
 */
export const ROLES = ['counter', 'lead', 'qc', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles that act as a supervisor on cases (determinations, deadline and severity changes). */
export const SUPERVISING_ROLES: readonly Role[] = ['supervisor', 'admin'];
