// Reads the environment once, at start-up; every variable the server understands is listed here and in README.
import { z } from "zod";

const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  MINYI_DB: z.string().min(1).default("./data/minyi.duckdb"),
  MINYI_DEMO: z.enum(["0", "1"]).default("0"),
  MINYI_DEMO_SEED: z.coerce.number().int().default(20260101),
  MINYI_ORG_CSV: z.string().optional(),
  MINYI_GROUPS_CSV: z.string().optional(),
  MINYI_SURVEYS_DIR: z.string().default("./surveys"),
  MINYI_WEB_DIST: z.string().default("./dist/web"),
  MINYI_ADMIN_PASSWORD: z.string().min(1).optional(),
  MINYI_DEMO_PASSWORD: z.string().min(1).default("demo"),
  MINYI_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  MINYI_PUBLIC_URL: z.url().optional(),
  MINYI_BACKUP_DIR: z.string().min(1).optional(),
  // DuckDB's checkpoint_threshold, e.g. 64MB: a larger WAL means fewer checkpoints during ingest bursts.
  MINYI_CHECKPOINT_THRESHOLD: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i)
    .optional(),
  // Read by server/storage/database.ts (every command opens the database there); listed here to be checked.
  MINYI_DUCKDB_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "must be a size like 4GB or 512MB")
    .optional(),
  MINYI_DUCKDB_THREADS: z.coerce.number().int().min(1).max(1024).optional(),
});
export type Config = z.infer<typeof Config>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Bad environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return parsed.data;
}
