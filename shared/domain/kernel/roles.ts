/**
 * Staff roles. Every feature checks authority against them (who may sign,
 * determine, release, change staff), so they belong to the kernel.
 */
import { z } from 'zod';

export const ROLES = ['counter', 'qc', 'supervisor', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
