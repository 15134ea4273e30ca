/**
 * `shotbin run --pick best`: once every take of a shot has ended and each finished take has its
 * QA, the best (verdict, then score; the lower take number among equals) becomes the shot's
 * chosen take: the exports place it and a continuing shot starts on its last frame. The other
 * finished takes move to `<out>/takes/`. The choice is recorded in the ledger (`extra.pick`:
 * "chosen" or "other") before a resumed run could ask again, and a take is moved before it is
 * recorded as moved, so a run stopped half way finishes the same choice on --resume.
 */
import { existsSync, promises as fsp } from "node:fs";
import * as path from "node:path";
import { hasReached, shotReadiness, shotTakes, type InputResolver, type Readiness } from "../../core/deferredInputs";
import type { JobRecord } from "../../core/jobRecord";
import type { Ledger } from "../../core/ledger";
import { bestTake } from "../../quality/takeRank";
import { briefQa, qaOf, qaSettled } from "./takeQa";

export const TAKES_FOLDER = "takes";

type PickMark = "chosen" | "other";

export function pickOf(job: JobRecord): PickMark | undefined {
  const mark = job.extra?.pick;
  return mark === "chosen" || mark === "other" ? mark : undefined;
}

function ended(job: JobRecord): boolean {
  return job.state === "failed" || job.state === "cancelled" || (hasReached(job, "ready") && qaSettled(job));
}

/** The shot's takes when a choice can be made now (every take ended and measured), else undefined. */
function decidable(takes: readonly JobRecord[]): JobRecord[] | undefined {
  if (takes.length < 2 || !takes.every(ended)) return undefined;
  const finished = takes.filter((take) => hasReached(take, "ready") && !!take.file);
  return finished.length > 0 ? finished : undefined;
}

/** The first free name for `name` in `folder`: name.mp4, name_2.mp4, ... */
function freeName(folder: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${stem}_${n}${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}

export class TakePicker {
  /** One choice per shot at a time. */
  private readonly picking = new Map<string, Promise<JobRecord | undefined>>();

  constructor(
    private readonly ledger: Ledger,
    private readonly outDir: string,
    private readonly message: (line: string) => void,
  ) {}

  /** The shot's chosen take, choosing it now when it can be; undefined while it cannot. */
  pick(runId: string | undefined, shotId: string): Promise<JobRecord | undefined> {
    const key = `${runId ?? ""}\u0000${shotId}`;
    const running = this.picking.get(key);
    if (running) return running;
    const task = this.choose(runId, shotId).finally(() => this.picking.delete(key));
    this.picking.set(key, task);
    return task;
  }

  /** Chooses for every shot that can be chosen; answers the chosen takes' ids. */
  async pickAll(): Promise<Set<string>> {
    const shots = new Map<string, JobRecord>();
    for (const job of this.ledger.jobs()) shots.set(`${job.runId ?? ""}\u0000${job.shot.shotId}`, job);
    const chosen = new Set<string>();
    for (const job of shots.values()) {
      const take = await this.pick(job.runId, job.shot.shotId);
      if (take) chosen.add(take.id);
    }
    return chosen;
  }

  private async choose(runId: string | undefined, shotId: string): Promise<JobRecord | undefined> {
    const takes = shotTakes(this.ledger.jobs(), runId, shotId);
    const already = takes.find((take) => pickOf(take) === "chosen");
    const finished = decidable(takes);
    if (!finished) return already;
    // A choice already made stays (a continuing shot may have started on it): a take that landed
    // later (a retry) only joins the others.
    const best = already ?? bestTake(finished, qaOf)!;
    const moved: string[] = [];
    for (const take of finished) {
      if (take === best || pickOf(take) === "other") continue;
      const folder = path.join(this.outDir, TAKES_FOLDER);
      let file = take.file!;
      if (path.dirname(file) !== folder && existsSync(file)) {
        await fsp.mkdir(folder, { recursive: true });
        const target = freeName(folder, path.basename(file));
        await fsp.rename(file, target);
        file = target;
      }
      await this.ledger.update(take.id, { file, extra: { ...(take.extra ?? {}), pick: "other" } });
      moved.push(`take ${take.shot.take} (${briefQa(qaOf(take))})`);
    }
    if (already) {
      if (moved.length > 0) this.message(`Shot ${shotId}: ${moved.join(", ")} moved to ${TAKES_FOLDER}/ (take ${best.shot.take} was chosen before)`);
      return already;
    }
    const chosen = await this.ledger.update(best.id, { extra: { ...(best.extra ?? {}), pick: "chosen" } });
    const unmeasured = qaOf(best) ? "" : "; no take could be measured, so the first finished one is kept";
    this.message(`Shot ${shotId}: chose take ${best.shot.take} (${briefQa(qaOf(best))}${unmeasured})${moved.length > 0 ? `; ${moved.join(", ")} moved to ${TAKES_FOLDER}/` : ""}`);
    return chosen;
  }

  /**
   * Continuity under --pick best: a shot continuing from a shot with several takes waits until
   * that shot's choice can be made, and starts on the chosen take's last frame.
   */
  continuityResolver(base: InputResolver): InputResolver {
    return {
      readiness: (job, input, ledger): Readiness => {
        if (!("shotId" in input.from)) return base.readiness ? base.readiness(job, input, ledger) : shotReadiness(job, "", ledger);
        const shotId = input.from.shotId;
        const takes = shotTakes(ledger.jobs(), job.runId, shotId);
        if (takes.length < 2) return shotReadiness(job, shotId, ledger);
        if (takes.some((take) => pickOf(take) === "chosen")) return { state: "ready" };
        const running = takes.filter((take) => take.state !== "failed" && take.state !== "cancelled" && !hasReached(take, "ready"));
        if (running.length > 0) return { state: "waiting", on: `shot ${shotId}'s takes`, jobs: running.map((take) => take.id) };
        if (!takes.some((take) => hasReached(take, "ready"))) return shotReadiness(job, shotId, ledger);
        // Every take has ended: ready once QA (outside the scheduler) has measured the finished ones; resolve() chooses.
        if (decidable(takes)) return { state: "ready" };
        return { state: "waiting", on: `QA of shot ${shotId}'s takes`, jobs: [], external: true };
      },
      resolve: async (job, input, context) => {
        if ("shotId" in input.from) await this.pick(job.runId, input.from.shotId);
        return base.resolve(job, input, context);
      },
    };
  }
}
