// Keeps what every submission checks against in memory: waves, unit and group ids, compiled survey versions.
// This process is the database's only writer, so whoever changes these tables calls invalidate() and it stays true.
import { getSurveyVersion } from "../catalogue/registerSurvey";
import { type Database, queryRows } from "../storage/database";
import { listWaves, type Wave } from "../waves/waves";
import { type CompiledSurvey, compileSurvey } from "./compileSurvey";

interface Snapshot {
  waves: Map<string, Wave>;
  units: Set<string>;
  groups: Set<string>;
}

export class ReferenceCache {
  private snapshot: Promise<Snapshot> | null = null;
  // Survey versions are immutable, so a compiled one never goes stale.
  private readonly compiled = new Map<string, Promise<CompiledSurvey>>();

  constructor(private readonly db: Database) {}

  invalidate(): void {
    this.snapshot = null;
  }

  async wave(id: string): Promise<Wave | undefined> {
    return (await this.load()).waves.get(id);
  }

  async hasUnit(id: string): Promise<boolean> {
    return (await this.load()).units.has(id);
  }

  async hasGroup(id: string): Promise<boolean> {
    return (await this.load()).groups.has(id);
  }

  survey(id: string, version: number): Promise<CompiledSurvey> {
    const key = `${id}@${version}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const compiling = getSurveyVersion(this.db, id, version).then((found) => {
      if (!found) throw new Error(`survey ${key} is referenced by a wave but missing`);
      return compileSurvey(found.definition);
    });
    compiling.catch(() => this.compiled.delete(key));
    this.compiled.set(key, compiling);
    return compiling;
  }

  private load(): Promise<Snapshot> {
    if (!this.snapshot) {
      const loading = this.read();
      loading.catch(() => {
        if (this.snapshot === loading) this.snapshot = null;
      });
      this.snapshot = loading;
    }
    return this.snapshot;
  }

  private async read(): Promise<Snapshot> {
    // Status is recomputed per request from opensAt/closesAt, so the cached wave's own status is never used.
    const waves = await listWaves(this.db);
    const units = await queryRows<{ id: string }>(
      this.db.read,
      "SELECT id FROM units WHERE retired_at IS NULL",
    );
    // Retired groups are refused like unknown ones: new responses cannot name them, stored ones keep them.
    const groups = await queryRows<{ id: string }>(
      this.db.read,
      "SELECT id FROM groups WHERE retired_at IS NULL",
    );
    return {
      waves: new Map(waves.map((w) => [w.id, w])),
      units: new Set(units.map((u) => u.id)),
      groups: new Set(groups.map((g) => g.id)),
    };
  }
}
