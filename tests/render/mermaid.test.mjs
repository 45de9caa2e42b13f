// The Mermaid output of every example, parsed by Mermaid's own parser
// (mermaid@11 in node, with a jsdom window).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PERSONA_CURVES, examples, render, run, scratch } from './helpers.mjs';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

for (const example of examples()) {
  test(`mermaid parses the journey diagram of ${example.name}`, async () => {
    const text = render(example.file, 'mermaid');
    // One diagram per journey, separated by a blank line.
    const diagrams = text.trim().split(/\n\s*\n(?=journey\n)/);
    assert.equal(diagrams.length, example.model.journeys.length);
    for (const diagram of diagrams) {
      const result = await mermaid.parse(diagram);
      assert.equal(result.diagramType, 'journey');
    }
  });
}

test('reserved characters and keywords in labels: one task per touchpoint', async () => {
  const dir = scratch();
  const file = path.join(dir, 'hostile.journey');
  writeFileSync(
    file,
    [
      'persona p "Buyer, seller: #1" {',
      '}',
      'journey j "A: title; with #marks %% not a comment" {',
      '    for p',
      '    stage s "section one" {',
      '        touchpoint t1 "Title page: 5: x" {',
      '            emotion 3',
      '        }',
      '        touchpoint t2 "Okno 8:00–20:00;\\n%% x" {',
      '            emotion 5',
      '        }',
      '        touchpoint t3 "   " {',
      '        }',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  const text = run(['render', file, '--format', 'mermaid']);
  assert.equal((await mermaid.parse(text)).diagramType, 'journey');
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const tasks = diagram.db.getTasks();
  assert.equal(tasks.length, 3, JSON.stringify(tasks));
  assert.deepEqual(
    tasks.map((t) => t.score),
    [3, 5, 3],
  );
  assert.equal(diagram.db.getSections().length, 1);
  assert.equal(tasks[0].people.length, 1, JSON.stringify(tasks[0]));
});

test('a persona\'s own rating is its own task, with that persona as actor', async () => {
  const file = path.join(scratch(), 'persona_curves.journey');
  writeFileSync(file, PERSONA_CURVES);
  const text = run(['render', file, '--format', 'mermaid']);
  assert.equal((await mermaid.parse(text)).diagramType, 'journey');
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const tasks = diagram.db.getTasks().map((t) => [t.task, t.score, t.people]);
  assert.deepEqual(tasks, [
    ['Demo', 4, ['Buyer']],
    ['Demo (for User of the product)', 2, ['User of the product']],
    ['Contract', 3, []],
    ['Contract (for Buyer)', 5, ['Buyer']],
    ['Rollout', 3, ['Buyer', 'User of the product']],
  ]);
});
