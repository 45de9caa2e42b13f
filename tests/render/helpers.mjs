// Shared by the render tests: the `journey` binary, the examples, and
// running `journey render` / `journey compile` on them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const journeyBin = process.env.JOURNEY_BIN
  ? path.resolve(process.env.JOURNEY_BIN)
  : path.join(repo, 'target/debug/journey');

/** Every example that defines a journey, as `{name, file, model}`. */
export function examples() {
  return readdirSync(path.join(repo, 'examples'))
    .filter((f) => f.endsWith('.journey'))
    .sort()
    .map((f) => {
      const file = path.join('examples', f);
      const model = JSON.parse(run(['compile', file]));
      return { name: f.replace(/\.journey$/, ''), file, model };
    })
    .filter((e) => e.model.journeys.length > 0);
}

export function run(args) {
  return execFileSync(journeyBin, args, { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
}

export function render(file, format) {
  return run(['render', file, '--format', format]);
}

export function scratch() {
  return mkdtempSync(path.join(tmpdir(), 'journey-render-'));
}

/** Stage and touchpoint labels and the rated touchpoints of a model. */
export function expected(model) {
  const stages = [];
  const touchpoints = [];
  let rated = 0;
  for (const journey of model.journeys) {
    for (const stage of journey.stages) {
      stages.push(stage.label);
      for (const tp of stage.touchpoints) {
        touchpoints.push(tp.label);
        if (tp.emotion !== null) rated += 1;
      }
    }
  }
  return { stages, touchpoints, rated };
}
