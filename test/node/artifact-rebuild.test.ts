/**
 * DESIGN.md: "a reader's rerun starts from [the artifact pins] by default and can rebuild them". In Node on wasm,
 * a figure that uses the bank of trained neurons reads its pinned payloads (checked by SHA-256), and with
 * `rebuild` runs the bank's own figure in-process from the pin's parameters: the payloads come out byte for byte
 * the pinned ones. On the bank's quick pin (2 networks, 1 epoch), which takes a few seconds.
 */
import { describe, expect, it } from 'vitest';
import { defineFigure, type Artifact } from '../../src/figure/contract';
import { execute } from '../../src/figure/execute';
import { readLock } from '../../src/pins/store';
import { nodeData } from '../../src/runtime/node-data';
import { nodeTf } from '../../src/runtime/node-tf';

const lock = await readLock();
const quick = lock['neuron-bank']?.quick;

function consumer(rebuild: boolean, seen: Artifact[]) {
  return defineFigure({
    id: 'bank-consumer', version: 1, title: '', caption: '', chapter: '', reproduces: 'new', departures: '',
    params: {}, seeds: {}, uses: ['neuron-bank'],
    async run(_, ctx) {
      const bank = await ctx.artifact('neuron-bank', { rebuild });
      seen.push(bank);
      return { rows: [bank.shapes.theta[0]] };
    },
    panels: () => [], agreement: [], claims: [],
  });
}

describe('the bank artifact, read and rebuilt', () => {
  it('has a quick pin to test on', () => expect(quick, 'run `npm run figures -- neuron-bank`').toBeDefined());

  it('reads the pinned payloads and names the pin; a rebuild gives the same bytes and says it was rebuilt', async () => {
    const tf = await nodeTf('wasm');
    const seen: Artifact[] = [];
    const pinned = await execute(consumer(false, seen), {}, { tf, data: nodeData, artifacts: { 'neuron-bank': quick! } });
    expect(pinned.artifacts).toEqual([{ id: 'neuron-bank', pin: quick }]);
    const rebuilt = await execute(consumer(true, seen), {}, { tf, data: nodeData, artifacts: { 'neuron-bank': quick! } });
    expect(rebuilt.artifacts).toEqual([{ id: 'neuron-bank', pin: quick, rebuilt: true }]);
    expect(rebuilt.tensorsAfter).toBe(rebuilt.tensorsBefore);
    const [fromPin, fromRun] = seen;
    expect(fromPin.rebuilt).toBe(false);
    expect(fromRun.rebuilt).toBe(true);
    expect(fromRun.matchesPin).toBe(true);
    expect(Object.keys(fromRun.payloads).sort()).toEqual(Object.keys(fromPin.payloads).sort());
    for (const name of Object.keys(fromPin.payloads)) {
      expect(Buffer.from(fromRun.payloads[name].buffer).equals(Buffer.from(fromPin.payloads[name].buffer)), name).toBe(true);
      expect(fromRun.shapes[name]).toEqual(fromPin.shapes[name]);
    }
  }, 120_000);
});
