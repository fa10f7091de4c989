// version.js: gotrain's version, what gt.version and the TF.js artifacts'
// generatedBy report.

export const VERSION = '0.1.0';
