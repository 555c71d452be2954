import { createCnn, createMlp, createTrainer, loadMnist, selectBackend, sliceDataset } from "./index.js";
const b = await selectBackend(); console.log(b.backend);
const img = loadMnist({ limit: 2000, seed: 0, shape: "image" });
const flat = loadMnist({ limit: 2000, seed: 0 });
function time(label: string, mk: () => any, data: any, opts: any, n = 5) {
  const net = mk();
  const tr = createTrainer(net, data, opts);
  tr.step();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) tr.step();
  console.log(label, ((performance.now() - t0) / n).toFixed(1), "ms/step");
  tr.dispose(); net.dispose();
}
const noise = { type: "additive", sigma: Math.sqrt(0.1) } as const;
for (const f of [[16, 32], [32, 64]] as [number, number][]) {
  const cnn = () => createCnn({ inputShape: [28, 28, 1], outputSize: 10, filters: f, kernelSize: 5, activation: "elu", seed: 1 });
  for (const bs of [64, 128]) {
    time(`cnn ${f} bs${bs} baseline`, cnn, img, { noise: { type: "additive", sigma: 0 }, loss: "cross-entropy", learningRate: 0.05, batchSize: bs, seed: 1 });
    time(`cnn ${f} bs${bs} noise`, cnn, img, { noise, loss: "cross-entropy", learningRate: 0.05, batchSize: bs, seed: 1 });
    time(`cnn ${f} bs${bs} explicit`, cnn, img, { noise, loss: "cross-entropy", learningRate: 0.05, batchSize: bs, seed: 1, mode: "explicit" }, 3);
  }
}
