#!/usr/bin/python3
"""Reference numbers from PyTorch for TorchReferenceTest.

Loads an rnn checkpoint (format 1) into torch.nn.Embedding -> nn.LSTM -> nn.Linear with the same weights,
runs one training batch (step 0 of the stateful streams, zero initial state) and writes the loss and
every gradient as JSON. The Java test runs the same batch and must match.

    apt-get install -y python3-torch
    /usr/bin/python3 src/test/python/torch_reference.py CHECKPOINT TEXT_FILE OUT.json
"""
import json
import struct
import sys

import torch
import torch.nn as nn


def read_checkpoint(path):
    b = open(path, "rb").read()
    pos = 8
    _version, length = struct.unpack(">II", b[pos:pos + 8]); pos += 8
    manifest = json.loads(b[pos:pos + length]); pos += length
    (count,) = struct.unpack(">I", b[pos:pos + 4]); pos += 4
    tensors = {}
    for _ in range(count):
        (name_length,) = struct.unpack(">H", b[pos:pos + 2]); pos += 2
        name = b[pos:pos + name_length].decode(); pos += name_length
        rank = b[pos + 1]; pos += 2
        dims = struct.unpack(">" + "q" * rank, b[pos:pos + 8 * rank]); pos += 8 * rank
        n = 1
        for d in dims:
            n *= d
        tensors[name] = torch.tensor(struct.unpack(">" + "f" * n, b[pos:pos + 4 * n]), dtype=torch.float64).view(*dims)
        pos += 4 * n
    return manifest, tensors


def main():
    checkpoint, text_file, out_file = sys.argv[1:4]
    manifest, t = read_checkpoint(checkpoint)
    a = manifest["architecture"]
    assert a["cell"] == "LSTM", "the reference covers the LSTM"
    hidden, embed, layers, vocab = a["hidden"], a["embed"], a["layers"], a["vocabSize"]
    torch.set_default_dtype(torch.float64)
    emb, lstm, out = nn.Embedding(vocab, embed), nn.LSTM(embed, hidden, num_layers=layers), nn.Linear(hidden, vocab)
    with torch.no_grad():
        emb.weight.copy_(t["param.embedding.table"])
        for l in range(layers):  # rnn keeps gates as [4, in, H] blocks (i, f, g, o); torch as [4H, in]
            getattr(lstm, f"weight_ih_l{l}").copy_(torch.cat([g.t() for g in t[f"param.layer{l}.wx"]]))
            getattr(lstm, f"weight_hh_l{l}").copy_(torch.cat([g.t() for g in t[f"param.layer{l}.wh"]]))
            getattr(lstm, f"bias_ih_l{l}").copy_(t[f"param.layer{l}.b"].reshape(-1))
            getattr(lstm, f"bias_hh_l{l}").zero_()
        out.weight.copy_(t["param.output.weight"].t())
        out.bias.copy_(t["param.output.bias"])

    text = open(text_file, encoding="utf-8").read()
    stoi = {chr(c): i for i, c in enumerate(manifest["vocabulary"])}
    train = [stoi[c] for c in text[: len(text) - round(len(text) * manifest["training"]["valFrac"])]]
    batch, seq = manifest["training"]["batch"], manifest["training"]["seqLen"]
    stream = len(train) // batch
    x = torch.tensor([[train[n * stream + s] for n in range(batch)] for s in range(seq)])      # [T, N]
    y = torch.tensor([[train[n * stream + s + 1] for n in range(batch)] for s in range(seq)])
    h, _ = lstm(emb(x))
    loss = nn.functional.cross_entropy(out(h).reshape(-1, vocab), y.reshape(-1))
    loss.backward()

    grads = {"embedding.table": emb.weight.grad, "output.weight": out.weight.grad.t(), "output.bias": out.bias.grad}
    for l in range(layers):
        grads[f"layer{l}.wx"] = torch.stack([g.t() for g in getattr(lstm, f"weight_ih_l{l}").grad.chunk(4)])
        grads[f"layer{l}.wh"] = torch.stack([g.t() for g in getattr(lstm, f"weight_hh_l{l}").grad.chunk(4)])
        grads[f"layer{l}.b"] = getattr(lstm, f"bias_ih_l{l}").grad.view(4, hidden)
    json.dump({"torch": torch.__version__, "loss": loss.item(),
               "gradients": {k: v.reshape(-1).tolist() for k, v in grads.items()}}, open(out_file, "w"))


if __name__ == "__main__":
    main()
