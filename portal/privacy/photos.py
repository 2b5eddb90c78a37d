"""Safe processing of uploaded photos: validate, strip metadata, re-encode, thumbnail.

`process_photo` accepts JPEG, PNG, WebP and HEIC/HEIF. The format is decided from the bytes
(magic numbers, confirmed by Pillow), never from the file name or the declared content type.
The pixel count is checked from the header before anything is decoded. EXIF orientation is
applied to the pixels (as ImageOps.exif_transpose would); then the result is re-encoded from
pixel data only, so EXIF (including GPS position), XMP, IPTC, ICC profiles and comments are all
dropped. Output is WebP (quality 82), which every current browser shows, with transparency
flattened onto white.

Memory: decoding needs up to about 4 bytes per pixel, i.e. ~160 MB at the default 40 megapixels.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

import pillow_heif
from PIL import ExifTags, Image

__all__ = [
    "CONTENT_TYPE",
    "MAX_BYTES",
    "MAX_PIXELS",
    "MESSAGES",
    "PhotoRejected",
    "ProcessedPhoto",
    "process_photo",
    "sniff_format",
]

pillow_heif.register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
CONTENT_TYPE = "image/webp"
EXTENSION = "webp"
WEBP_QUALITY = 82

_ACCEPTED = "Ladda upp en bild i formatet JPEG, PNG, WebP eller HEIC."

#: Generic Swedish user-facing message per rejection code (translate by `code` if needed).
#: Raised errors may carry a more specific message (the size limit, the format found).
MESSAGES: dict[str, str] = {
    "too_large": "Filen är för stor. Förminska bilden och försök igen.",
    "not_an_image": f"Filen är ingen bild som vi kan läsa. {_ACCEPTED}",
    "unsupported_format": f"Bildformatet stöds inte. {_ACCEPTED}",
    "decompression_bomb": (
        "Bilden har för många bildpunkter (pixlar). Förminska bilden, till exempel genom att "
        "ta en skärmbild av den, och försök igen."
    ),
    "corrupt": "Bilden verkar vara skadad eller ofullständig. Försök att ladda upp den igen.",
}

# Pillow format names accepted after opening (MPO is a multi-picture JPEG from phone cameras).
_PIL_FORMATS = {"JPEG": ("JPEG", "MPO"), "PNG": ("PNG",), "WEBP": ("WEBP",), "HEIF": ("HEIF",)}
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
)
# Errors Pillow and pillow-heif raise for damaged data. UserWarning is included because Pillow
# warns about corrupt EXIF, and warnings are errors under the test suite's filterwarnings.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, RuntimeError, UserWarning)
_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class PhotoRejected(Exception):
    """The upload is not an acceptable photo; `message` is Swedish text for the user."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class ProcessedPhoto:
    """A metadata-free WebP photo and thumbnail, ready to store."""

    image: bytes
    thumbnail: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    content_type: str = CONTENT_TYPE
    extension: str = EXTENSION


def _ftyp_brands(data: bytes) -> set[bytes]:
    """Major and compatible brands of an ISO-BMFF ``ftyp`` box at the start of `data`."""
    if data[4:8] != b"ftyp":
        return set()
    size = min(int.from_bytes(data[:4], "big"), len(data), 64)
    brands = {data[8:12]}
    brands.update(data[i : i + 4] for i in range(16, size - 3, 4))
    return brands


def sniff_format(data: bytes) -> str | None:
    """Return "JPEG", "PNG", "WEBP" or "HEIF" from the magic bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    brands = _ftyp_brands(data)
    if brands & _HEIF_BRANDS and not brands & _AVIF_BRANDS:
        return "HEIF"
    return None


def _other_format(data: bytes) -> str | None:
    """Name of a recognised but unsupported format (GIF, SVG, PDF, …), or None."""
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return name
    if _ftyp_brands(data) & _AVIF_BRANDS:
        return "AVIF"
    if b"<svg" in data[:2048].lower():
        return "SVG"
    return None


def _reject_unknown(data: bytes) -> PhotoRejected:
    name = _other_format(data)
    if name is None:
        return PhotoRejected("not_an_image")
    return PhotoRejected("unsupported_format", f"Bildformatet {name} stöds inte. {_ACCEPTED}")


def _open(data: bytes, kind: str, max_pixels: int) -> Image.Image:
    """Open (header only) with the one Pillow plugin the magic bytes point to; check size."""
    try:
        image = Image.open(io.BytesIO(data), formats=[kind])
    except _BOMB_ERRORS as exc:
        raise PhotoRejected("decompression_bomb") from exc
    except _DECODE_ERRORS as exc:  # includes UnidentifiedImageError (an OSError)
        raise PhotoRejected("corrupt") from exc
    width, height = image.size
    problem = None
    if image.format not in _PIL_FORMATS[kind] or width <= 0 or height <= 0:
        problem = "corrupt"
    elif width * height > max_pixels:
        problem = "decompression_bomb"
    if problem:
        image.close()
        raise PhotoRejected(problem)
    return image


def _decode(image: Image.Image, max_side: int) -> Image.Image:
    """Decode the pixels (JPEG at a reduced scale when much larger than needed)."""
    if image.format in _PIL_FORMATS["JPEG"]:
        image.draft(None, (max_side, max_side))
    try:
        image.load()
    except _BOMB_ERRORS as exc:
        raise PhotoRejected("decompression_bomb") from exc
    except _DECODE_ERRORS as exc:
        raise PhotoRejected("corrupt") from exc
    return image


def _orient(image: Image.Image) -> Image.Image:
    """Turn the pixels upright per the EXIF (or XMP) orientation; unreadable EXIF is ignored.

    Same transforms as ImageOps.exif_transpose, which however re-serialises the EXIF block we
    are about to drop anyway, and fails on some damaged EXIF.
    """
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except (*_DECODE_ERRORS, struct.error):
        return image
    method = _ORIENTATION.get(orientation) if isinstance(orientation, int) else None
    return image.transpose(method) if method is not None else image


def _to_rgb(image: Image.Image) -> Image.Image:
    """Convert to 8-bit RGB, flattening transparency onto white."""
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):  # 16-bit greyscale PNG
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "RGBa", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _encode(image: Image.Image) -> bytes:
    """Encode as WebP from raw pixels only, so no metadata can be carried over."""
    pixels = Image.frombytes("RGB", image.size, image.tobytes())
    buffer = io.BytesIO()
    pixels.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def process_photo(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
    max_side: int = 1600,
    thumb_side: int = 320,
) -> ProcessedPhoto:
    """Validate an uploaded photo and return a clean, resized WebP copy and thumbnail.

    Raises `PhotoRejected` with `code` "too_large", "not_an_image", "unsupported_format",
    "decompression_bomb" or "corrupt".
    """
    if len(data) > max_bytes:
        limit = f"{max_bytes / (1024 * 1024):.3g}".replace(".", ",")
        raise PhotoRejected("too_large", f"Filen är för stor. Den får vara högst {limit} MB.")
    kind = sniff_format(data)
    if kind is None:
        raise _reject_unknown(data)
    with _open(data, kind, max_pixels) as source:
        image = _to_rgb(_orient(_decode(source, max_side)))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((thumb_side, thumb_side), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        image=_encode(image),
        thumbnail=_encode(thumb),
        width=image.width,
        height=image.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )
