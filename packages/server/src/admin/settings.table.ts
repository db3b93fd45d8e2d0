/** Platform settings the server keeps for itself, e.g. the SHA-256 digest of a generated admin token. */
export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}
