/**
 * A worker thread of the Node builder: trains the parts of sweeps it is sent, on its own tfjs `wasm` instance,
 * and answers with their series. Runs under tsx, which worker threads inherit from the builder.
 */
import { parentPort } from 'node:worker_threads';
import { localPartRunner } from '../figure/execute';
import { loadFigure } from '../figure/registry';
import { nodeData } from '../runtime/node-data';
import { nodeTf } from '../runtime/node-tf';
import type { PartReply, PartRequest } from './part-pool';

const port = parentPort!;
const tf = await nodeTf('wasm');
const running = new Map<number, AbortController>();

port.on('message', async (message: PartRequest) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const { id, figureId, key, params, artifacts } = message;
  const controller = new AbortController();
  running.set(id, controller);
  const reply = (r: PartReply) => port.postMessage(r);
  try {
    const runner = localPartRunner(await loadFigure(figureId), tf, nodeData, artifacts);
    const result = await runner(key, params, (progress) => reply({ type: 'progress', id, progress }), controller.signal);
    reply({ type: 'done', id, result });
  } catch (error) {
    reply({ type: 'error', id, name: (error as Error).name, message: (error as Error).message });
  } finally {
    running.delete(id);
  }
});
