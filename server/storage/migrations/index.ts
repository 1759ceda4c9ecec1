// Every schema change, in order. Add a file NNN_name.ts and append it here; never edit an applied one.
import { migration001 } from "./001_initial";
import { migration002 } from "./002_accounts";
import { migration003 } from "./003_reports";
import { migration004 } from "./004_report_schedules";
import { migration005 } from "./005_reorganisation";
import { migration006 } from "./006_unit_links";
import { migration007 } from "./007_cases";
import { migration008 } from "./008_catalogue_settings";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
];
