export * from './types';
export { findIds } from './ids';
export { RenameMap, followRenames } from './renames';
export { HistoryIndex } from './historyIndex';
export { updateHistory } from './update';
