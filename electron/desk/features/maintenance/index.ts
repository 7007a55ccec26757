/**
 * The maintenance feature's entry: DeskApi's job.* handlers over the kernel's
 * job runner (rebuild today; export, import and reports next).
 */
export { jobHandlers as handlers } from './handlers';
