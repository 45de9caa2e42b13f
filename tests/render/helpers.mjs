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

/**
 * Every persona curve's points as the compiled model defines them
 * (LANGUAGE.md §10), written out here independently of the renderer: for
 * each persona rated on its own somewhere (in order of first appearance),
 * each touchpoint gives the persona's own rating where there is one, else
 * the audience-wide rating when the persona is in the touchpoint's
 * audience; ratings off the scale do not count.
 * Returns `{persona, touchpoint, emotion}` in drawing order.
 */
export function personaCurves(model) {
  const points = [];
  for (const journey of model.journeys) {
    const touchpoints = journey.stages.flatMap((stage) => stage.touchpoints);
    const personas = [];
    for (const tp of touchpoints) {
      for (const e of tp.emotions) {
        if (e.persona !== null && !personas.includes(e.persona)) personas.push(e.persona);
      }
    }
    const { min, max } = journey.scale;
    const counts = (v) => min < max && v !== null && v !== undefined && v >= min && v <= max;
    for (const persona of personas) {
      for (const tp of touchpoints) {
        const own = tp.emotions.find((e) => e.persona === persona);
        const value = own ? own.value : tp.audience.includes(persona) ? tp.emotion : null;
        if (counts(value)) points.push({ persona, touchpoint: tp.id, emotion: value });
      }
    }
  }
  return points;
}

/** A journey with buyer vs user ratings: own, fallback, not in audience. */
export const PERSONA_CURVES = [
  'persona buyer "Buyer" {}',
  'persona user "User of the product" {}',
  'journey j "Buyer vs user" {',
  '    goal "g"',
  '    for buyer, user',
  '    stage s "S" {',
  '        touchpoint demo "Demo" {',
  '            channel web',
  '            emotion 4 "curious"',
  '            emotion 2 "bored" for user',
  '        }',
  '        touchpoint contract "Contract" {',
  '            channel web',
  '            for buyer',
  '            emotion 3',
  '            emotion 5 "relieved" for buyer',
  '        }',
  '        touchpoint rollout "Rollout" {',
  '            channel web',
  '            emotion 3',
  '        }',
  '    }',
  '}',
  '',
].join('\n');
