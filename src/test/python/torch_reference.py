#!/usr/bin/python3
"""Reference numbers from PyTorch for TorchReferenceTest.

Loads an rnn checkpoint into torch.nn.Embedding -> nn.LSTM | nn.GRU | nn.RNN -> nn.Linear with the same
weights, runs one training batch (step 0 of the stateful streams, zero initial state) and writes the loss and
every gradient as JSON. The Java test runs the same batch and must match. Format 1 (the LSTM fixture) kept
gates as [G, in, H] blocks; format 2 keeps them side by side, [in, G*H], column k*H + j for unit j of gate k,
which is torch's row order transposed. GRU: rnn's b holds b_ir + b_hr, b_iz + b_hz and b_in; bhn is b_hn.

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
    cell = a["cell"]
    hidden, embed, layers, vocab = a["hidden"], a["embed"], a["layers"], a["vocabSize"]
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[cell]
    format1 = manifest["formatVersion"] == 1
    torch.set_default_dtype(torch.float64)
    emb, out = nn.Embedding(vocab, embed), nn.Linear(hidden, vocab)
    rnn = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[cell](embed, hidden, num_layers=layers)

    def torch_layout(w):  # rnn's weights -> torch's [G*H, in]
        return torch.cat([g.t() for g in w]) if format1 else w.t()

    with torch.no_grad():
        emb.weight.copy_(t["param.embedding.table"])
        for l in range(layers):
            getattr(rnn, f"weight_ih_l{l}").copy_(torch_layout(t[f"param.layer{l}.wx"]))
            getattr(rnn, f"weight_hh_l{l}").copy_(torch_layout(t[f"param.layer{l}.wh"]))
            getattr(rnn, f"bias_ih_l{l}").copy_(t[f"param.layer{l}.b"].reshape(-1))
            getattr(rnn, f"bias_hh_l{l}").zero_()
            if cell == "GRU":
                getattr(rnn, f"bias_hh_l{l}")[2 * hidden:].copy_(t[f"param.layer{l}.bhn"])
        out.weight.copy_(t["param.output.weight"].t())
        out.bias.copy_(t["param.output.bias"])

    text = open(text_file, encoding="utf-8").read()
    stoi = {chr(c): i for i, c in enumerate(manifest["vocabulary"])}
    train = [stoi[c] for c in text[: len(text) - round(len(text) * manifest["training"]["valFrac"])]]
    batch, seq = manifest["training"]["batch"], manifest["training"]["seqLen"]
    stream = len(train) // batch
    x = torch.tensor([[train[n * stream + s] for n in range(batch)] for s in range(seq)])      # [T, N]
    y = torch.tensor([[train[n * stream + s + 1] for n in range(batch)] for s in range(seq)])
    h, _ = rnn(emb(x))
    loss = nn.functional.cross_entropy(out(h).reshape(-1, vocab), y.reshape(-1))
    loss.backward()

    grads = {"embedding.table": emb.weight.grad, "output.weight": out.weight.grad.t(), "output.bias": out.bias.grad}
    for l in range(layers):
        wx, wh = getattr(rnn, f"weight_ih_l{l}").grad, getattr(rnn, f"weight_hh_l{l}").grad
        if format1:
            grads[f"layer{l}.wx"] = torch.stack([g.t() for g in wx.chunk(gates)])
            grads[f"layer{l}.wh"] = torch.stack([g.t() for g in wh.chunk(gates)])
            grads[f"layer{l}.b"] = getattr(rnn, f"bias_ih_l{l}").grad.view(gates, hidden)
        else:
            grads[f"layer{l}.wx"], grads[f"layer{l}.wh"] = wx.t(), wh.t()
            grads[f"layer{l}.b"] = getattr(rnn, f"bias_ih_l{l}").grad
        if cell == "GRU":
            grads[f"layer{l}.bhn"] = getattr(rnn, f"bias_hh_l{l}").grad[2 * hidden:]
    json.dump({"torch": torch.__version__, "loss": loss.item(),
               "gradients": {k: v.reshape(-1).tolist() for k, v in grads.items()}}, open(out_file, "w"))


if __name__ == "__main__":
    main()
