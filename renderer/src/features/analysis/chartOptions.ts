/**
 * The dashboard's chart options are the shared builders (decision 0041):
 * one definition for the screen and the printed reports.
 */
export * from '../../../../shared/domain/analysis/charts';
