export { isSQLiteLocation, openSQLiteLocation } from "./register.js";
export {
  openSQLiteStore,
  SQLiteStore,
  type SQLiteStoreMode,
  type SQLiteStoreOptions,
} from "./sqlite-store.js";
