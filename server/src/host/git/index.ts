/** The one git module: everything Incident Lens asks git goes through ./runner.ts. */
export { createGitHistory } from './history';
export { readWorkingTreeChange, repoPrefix, type WorkingTreeChange } from './change';
export { addLineRanges } from './lineRanges';
export { GitError } from './runner';
