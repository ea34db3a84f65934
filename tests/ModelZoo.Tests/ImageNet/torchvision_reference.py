"""Reference outputs of torchvision's ImageNet preprocessing, for ImageNetParityTests.

Usage: torchvision_reference.py SKIMAGE_DATA_DIR OUT_DIR
First derives the test images that no Debian package ships as such (greyscale JPEG, alpha PNG, palette GIF, tiny,
wide and tall crops, other formats) from scikit-image's photos into OUT_DIR, plus two seeded noise images, then, for each line
"name<TAB>path<TAB>resize<TAB>crop[<TAB>preset]" of OUT_DIR/cases.tsv, writes
  name.decoded  the RGB bytes of torchvision's default loader (PIL open + convert("RGB")), [H, W, 3]
  name.crop     the RGB bytes after Resize(resize) and CenterCrop(crop) on that PIL image, [crop, crop, 3]
  name.final    the float64 values of Compose([Resize, CenterCrop, ToTensor, Normalize]), [3, crop, crop]
and adds "name<TAB>width<TAB>height" to OUT_DIR/sizes.tsv. preset "resnet50_v2" uses the published
ResNet50_Weights.IMAGENET1K_V2.transforms() instead of the Compose.
"""
import os
import sys

import numpy as np
import torch
from PIL import Image
from torchvision import transforms
from torchvision.datasets.folder import pil_loader

MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def derive(data, out):
    def path(name):
        return os.path.join(out, name)

    camera = Image.open(os.path.join(data, "camera.png"))  # mode L
    camera.save(path("grey.jpg"), quality=90)
    chelsea = Image.open(os.path.join(data, "chelsea.png")).convert("RGB")
    chelsea.save(path("chelsea.bmp"))
    chelsea.save(path("chelsea.tif"), compression="tiff_lzw")
    chelsea.save(path("chelsea_lossless.webp"), lossless=True)
    chelsea.save(path("chelsea_lossy.webp"), quality=90)
    chelsea.save(path("chelsea_q75.jpg"), quality=75)  # 4:2:0 chroma, as most cameras write
    chelsea.save(path("chelsea_444.jpg"), quality=95, subsampling=0)
    chelsea.save(path("chelsea_progressive.jpg"), quality=90, progressive=True)
    chelsea.convert("CMYK").save(path("chelsea_cmyk.jpg"), quality=95)
    chelsea.convert("P", palette=Image.ADAPTIVE, colors=256).save(path("chelsea_palette.gif"))
    # Alpha that hides real colour: PIL's convert("RGB") keeps the stored colour under alpha 0, and so must we.
    astronaut = Image.open(os.path.join(data, "astronaut.png")).convert("RGBA")
    w, h = astronaut.size
    alpha = np.tile(np.linspace(0, 255, w).astype(np.uint8), (h, 1))
    alpha[:, : w // 4] = 0
    astronaut.putalpha(Image.fromarray(alpha, "L"))
    astronaut.save(path("astronaut_alpha.png"))
    coffee = Image.open(os.path.join(data, "coffee.png")).convert("RGB")
    coffee.crop((250, 120, 307, 153)).save(path("tiny.png"))  # 57x33: upscaled about 7.8 times
    coffee.crop((0, 150, 600, 180)).save(path("wide.png"))  # 600x30: the long side becomes 5120
    coffee.crop((280, 0, 310, 400)).save(path("tall.png"))  # 30x400
    # Noise: every output byte depends on exact rounding, with no smooth areas to hide an off-by-one.
    rng = np.random.default_rng(11)
    for w, h in ((997, 613), (1201, 5)):
        Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "RGB").save(path(f"noise_{w}x{h}.png"))


def reference(out):
    sizes = []
    with open(os.path.join(out, "cases.tsv"), encoding="utf-8") as f:
        cases = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for fields in cases:
        name, path, resize, crop = fields[0], fields[1], int(fields[2]), int(fields[3])
        preset = fields[4] if len(fields) > 4 else ""
        img = pil_loader(path)
        sizes.append(f"{name}\t{img.size[0]}\t{img.size[1]}\n")
        write(out, name + ".decoded", np.asarray(img, dtype=np.uint8).tobytes())
        cropped = transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(crop)])(img)
        write(out, name + ".crop", np.asarray(cropped, dtype=np.uint8).tobytes())
        if preset == "resnet50_v2":
            from torchvision.models import ResNet50_Weights

            final = ResNet50_Weights.IMAGENET1K_V2.transforms()(img)
        else:
            final = transforms.Compose(
                [transforms.Resize(resize), transforms.CenterCrop(crop), transforms.ToTensor(), transforms.Normalize(MEAN, STD)]
            )(img)
        assert final.dtype == torch.float32 and tuple(final.shape) == (3, crop, crop), (final.dtype, final.shape)
        write(out, name + ".final", final.double().numpy().astype("<f8").tobytes())
    with open(os.path.join(out, "sizes.tsv"), "w", encoding="utf-8") as f:
        f.writelines(sizes)


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    derive(sys.argv[1], sys.argv[2])
    reference(sys.argv[2])
