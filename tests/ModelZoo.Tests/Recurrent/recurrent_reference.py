# Makes torch.nn.LSTM / GRU / RNN reference cases for TorchRecurrentWeights: for each case a state dict saved with
# torch.save (<case>.pth) and a JSON entry with the input, the initial states, the lengths (masks) and torch's outputs.
import json, os, sys
import torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
cases = {}

def run(name, module, batch=2, time=5, features=3, lengths=None, initial=False):
    module = module.double()
    for p in module.parameters():
        torch.nn.init.uniform_(p, -0.6, 0.6)
    x = torch.rand(batch, time, features, dtype=torch.float64) * 2 - 1
    dirs = 2 if module.bidirectional else 1
    shape = (module.num_layers * dirs, batch, module.hidden_size)
    lstm = isinstance(module, torch.nn.LSTM)
    h0 = torch.rand(*shape, dtype=torch.float64) - 0.5 if initial else None
    c0 = torch.rand(*shape, dtype=torch.float64) - 0.5 if initial and lstm else None
    hx = ((h0, c0) if lstm else h0) if initial else None
    with torch.no_grad():
        if lengths is not None:
            packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
            y, state = module(packed, hx)
            y, _ = torch.nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=time)
        else:
            y, state = module(x, hx)
    h = state[0] if lstm else state
    c = state[1] if lstm else None
    torch.save({k: v.float() for k, v in module.state_dict().items()}, os.path.join(out, name + ".pth"))
    entry = {"x": x.flatten().tolist(), "shape": list(x.shape), "y": y.flatten().tolist(), "y_shape": list(y.shape),
             "h": h.flatten().tolist(), "c": None if c is None else c.flatten().tolist(), "lengths": lengths,
             "h0": None if h0 is None else h0.flatten().tolist(), "c0": None if c0 is None else c0.flatten().tolist()}
    cases[name] = entry

run("lstm", torch.nn.LSTM(3, 4, batch_first=True))
run("lstm_initial", torch.nn.LSTM(3, 4, batch_first=True), initial=True)
run("lstm_masked", torch.nn.LSTM(3, 4, batch_first=True), lengths=[5, 2])
run("lstm_bidirectional", torch.nn.LSTM(3, 4, batch_first=True, bidirectional=True))
run("lstm_bidirectional_masked", torch.nn.LSTM(3, 4, batch_first=True, bidirectional=True), lengths=[3, 5])
run("lstm_two_layers", torch.nn.LSTM(3, 4, num_layers=2, batch_first=True))
run("gru", torch.nn.GRU(3, 4, batch_first=True))
run("gru_initial", torch.nn.GRU(3, 4, batch_first=True), initial=True)
run("gru_masked", torch.nn.GRU(3, 4, batch_first=True), lengths=[1, 4])
run("gru_bidirectional_masked", torch.nn.GRU(3, 4, batch_first=True, bidirectional=True), lengths=[5, 3], initial=True)
run("rnn_tanh", torch.nn.RNN(3, 4, batch_first=True))
run("rnn_relu", torch.nn.RNN(3, 4, nonlinearity="relu", batch_first=True), initial=True)

tmp = os.path.join(out, "cases.json.part")
with open(tmp, "w") as f:
    json.dump(cases, f)
os.replace(tmp, os.path.join(out, "cases.json"))
