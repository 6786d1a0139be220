// What the language server's explorer requests use of the core (one line in the service facade).
export { ExplorerModels, fullRows, someRows, type RowModel } from './rowModels';
export { encodeRows } from './rowColumns';
export { rowNear } from './rows';
