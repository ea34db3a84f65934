namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>The Python script that writes the torch fixtures (run once per test run by <see cref="TorchFixtures"/>).</summary>
internal static class TorchFixtureScript
{
    public const string Text = """
        # Writes the torch fixtures of the TorchStateDict tests into the folder given as argv[1].
        # For each state dict: <name>.zip.pth (torch.save), <name>.legacy.pth (_use_new_zipfile_serialization=False),
        # <name>.json (per tensor: name, torch dtype, shape, sha256 of its values in the dtype we read them into, and,
        # where <name>.bin exists, where its values lie in that file as float64 (floats) or int64 (integers and bools)).
        import collections, hashlib, json, os, sys, zipfile
        import torch, torchvision

        out = sys.argv[1]
        marker = sys.argv[2]

        WIDE = {torch.float16: torch.float32, torch.bfloat16: torch.float32, torch.float32: torch.float32,
                torch.float64: torch.float64, torch.int8: torch.int32, torch.int16: torch.int32, torch.int32: torch.int32,
                torch.int64: torch.int64, torch.uint8: torch.uint8, torch.bool: torch.bool}

        def describe(sd, with_values):
            tensors, values, offset = [], [], 0
            for name, t in sd.items():
                t = t.detach()
                wide = t.to(WIDE[t.dtype]).contiguous()
                entry = {"name": name, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
                         "sha256": hashlib.sha256(wide.numpy().tobytes()).hexdigest()}
                if with_values:
                    as_wide = t.to(torch.float64 if t.is_floating_point() else torch.int64).contiguous().numpy().tobytes()
                    entry["offset"], entry["count"] = offset, t.numel()
                    values.append(as_wide)
                    offset += len(as_wide)
                tensors.append(entry)
            return tensors, b"".join(values)

        def save(name, sd, with_values):
            torch.save(sd, os.path.join(out, name + ".zip.pth"))
            torch.save(sd, os.path.join(out, name + ".legacy.pth"), _use_new_zipfile_serialization=False)
            tensors, values = describe(sd, with_values)
            with open(os.path.join(out, name + ".json"), "w") as f:
                json.dump(tensors, f)
            if with_values:
                with open(os.path.join(out, name + ".bin"), "wb") as f:
                    f.write(values)

        torch.manual_seed(7)
        save("resnet18", torchvision.models.resnet18().state_dict(), with_values=True)
        save("alexnet", torchvision.models.alexnet().state_dict(), with_values=False)

        # Every storage type, views with offsets and strides, shared storages, a parameter, and BatchNorm's counter.
        bn = torch.nn.BatchNorm2d(3)
        bn.train()
        bn(torch.randn(4, 3, 2, 2))
        mixed = collections.OrderedDict()
        mixed["zeta.f16"] = torch.randn(3, 4).half()
        mixed["alpha.bf16"] = torch.randn(5).bfloat16()
        base = torch.randn(4, 6)
        mixed["base"] = base
        mixed["base.t"] = base.t()                       # non-contiguous, shares base's storage
        mixed["base.row2"] = base[2]                     # storage offset 12
        mixed["base.col3"] = base[:, 3]                  # offset 3, stride 6
        mixed["base.block"] = base[1:3, ::2]             # offset 6, strides (6, 2)
        mixed["tied"] = base                             # the same tensor again
        mixed["f64"] = torch.randn(2, 3, dtype=torch.float64)
        mixed["i64"] = torch.tensor([-(2 ** 62) - 3, 5, 2 ** 53 + 1, -1])
        mixed["i32"] = torch.arange(-3, 3, dtype=torch.int32).reshape(2, 3)
        mixed["i16"] = torch.tensor([-32768, 7, 32767], dtype=torch.int16)
        mixed["i8"] = torch.tensor([-128, 0, 127], dtype=torch.int8)
        mixed["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
        mixed["flags"] = torch.tensor([True, False, True])
        mixed["scalar"] = torch.tensor(3.5)
        mixed["empty"] = torch.zeros(0, 3)
        mixed["expanded"] = torch.arange(3.0).expand(2, 3)    # stride 0
        half = torch.randn(4, 5).half()
        mixed["f16.t.slice"] = half.t()[1:4]                  # float16 view with offset and strides
        mixed["param"] = torch.nn.Parameter(torch.randn(2, 2))  # pickled through _rebuild_parameter
        for k, v in bn.state_dict().items():
            mixed["bn." + k] = v                               # bn.num_batches_tracked: int64 scalar
        save("mixed", mixed, with_values=True)
        torch.save(mixed, os.path.join(out, "mixed.protocol4.pth"), pickle_protocol=4)

        # The same zip with every entry deflated (torch stores them; other tools may not).
        with zipfile.ZipFile(os.path.join(out, "mixed.zip.pth")) as src, \
                zipfile.ZipFile(os.path.join(out, "mixed.deflated.pth"), "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, src.read(info.filename))

        # A pickle that would run a shell command if it were loaded by plain pickle.
        class Evil:
            def __reduce__(self):
                return (os.system, ("touch " + marker,))

        evil = collections.OrderedDict(weight=torch.zeros(2), payload=Evil())
        torch.save(evil, os.path.join(out, "evil.zip.pth"))
        torch.save(evil, os.path.join(out, "evil.legacy.pth"), _use_new_zipfile_serialization=False)

        # Not state dicts: a whole module, and a TorchScript archive.
        torch.save(torch.nn.Sequential(torch.nn.Linear(2, 2)), os.path.join(out, "module.pth"))
        torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), os.path.join(out, "script.pt"))
        print("ok")
        """;
}
