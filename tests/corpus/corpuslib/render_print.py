"""Printed formats: PDF with a text layer (reportlab) and scans (Pillow) as PNG or image-only PDF.

Both share one line layout (lay_out): blocks become lines of positioned text, measured with the real
DejaVu font, so a table is columns at fixed x positions (pdftotext -layout and tesseract both read
columns back). Scans are then rotated slightly and given light noise, like a page through a scanner.
"""
import io
import time
import os

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .blocks import Bullets, Footnotes, Group, Heading, Leaders, Para, Rule, Table, Title, replace_fn
from .refdata import FONT_DIR

FONTS = {"regular": os.path.join(FONT_DIR, "DejaVuSans.ttf"), "bold": os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")}
SIZES = {"title": 16, "h2": 13, "h3": 11, "body": 10, "small": 8.5, "table": 9.5}
LEADING = 1.4


def _p(text):
    return replace_fn(text, "({n})")


class Layout:
    """Lines of (x, text, font, size) in a coordinate system of `scale` units per point."""

    def __init__(self, width, measure, scale, col_gap=14, min_table_size=7.0):
        self.width, self.measure, self.scale = width, measure, scale
        self.col_gap, self.min_table_size = col_gap, min_table_size
        self.lines = []          # (height, items) ; items: ("t", x, text, font, size) | ("hr", x0, x1)

    def w(self, text, font, size):
        return self.measure(text, font, size * self.scale)

    def line(self, items, size, extra=0.0):
        self.lines.append((size * self.scale * LEADING + extra * self.scale, items))

    def gap(self, pt):
        self.lines.append((pt * self.scale, []))

    def wrap(self, text, font, size, maxw):
        words, out, cur = text.split(), [], ""
        for wd in words:
            trial = f"{cur} {wd}" if cur else wd
            if cur and self.w(trial, font, size) > maxw:
                out.append(cur)
                cur = wd
            else:
                cur = trial
        if cur:
            out.append(cur)
        return out or [""]

    def para(self, text, font="regular", size=SIZES["body"], indent=0, first_prefix=""):
        maxw = self.width - indent
        lines = self.wrap(first_prefix + _p(text), font, size, maxw)
        for i, ln in enumerate(lines):
            self.line([("t", indent, ln, font, size)], size)
        self.gap(size * 0.5)

    def bullets(self, items, marker="- "):
        ind = self.w("    ", "regular", SIZES["body"])
        for it in items:
            lines = self.wrap(_p(it), "regular", SIZES["body"], self.width - ind)
            for i, ln in enumerate(lines):
                items_ = [("t", ind, ln, "regular", SIZES["body"])]
                if i == 0:
                    items_.append(("t", 0, marker.strip(), "regular", SIZES["body"]))
                self.line(items_, SIZES["body"])
        self.gap(SIZES["body"] * 0.5)

    def leaders(self, pairs):
        size = SIZES["body"]
        kw = max(self.w(_p(k), "regular", size) for k, _ in pairs) + self.w(" ....", "regular", size)
        dot = self.w(".", "regular", size)
        for k, v in pairs:
            k = _p(k)
            n = int((kw - self.w(k + " ", "regular", size)) / dot)
            self.line([("t", 0, f"{k} {'.' * max(3, n)}", "regular", size), ("t", kw + dot, _p(v), "regular", size)], size)
        self.gap(size * 0.5)

    def table(self, t, tight=False, rules=True):
        rows = [[_p(c) for c in r] if isinstance(r, list) else r for r in t.rows]
        header = [_p(c) for c in t.header] if t.header else None
        ncols = max([len(header or [])] + [len(r) for r in rows if isinstance(r, list)])
        gap = (2 if tight else self.col_gap) * self.scale
        size = SIZES["table"]
        while True:
            widths = [0.0] * ncols
            for r in ([header] if header else []) + [r for r in rows if isinstance(r, list)]:
                for i, c in enumerate(r):
                    f = "bold" if r is header else "regular"
                    widths[i] = max(widths[i], self.w(c, f, size))
            total = sum(widths) + gap * (ncols - 1)
            if total <= self.width or size <= self.min_table_size:
                break
            size -= 0.5
        if total > self.width and header:
            # header cells wrap onto several lines: a column needs only its longest header word
            for i in range(ncols):
                body = [self.w(r[i], "regular", size) for r in rows if isinstance(r, list) and i < len(r)]
                word = max((self.w(wd, "bold", size) for wd in header[i].split()), default=0) if i < len(header) else 0
                widths[i] = max(body + [word])
            total = sum(widths) + gap * (ncols - 1)
        if total > self.width:
            # the widest column wraps into the space that is left
            wi = max(range(ncols), key=lambda i: widths[i])
            widths[wi] = max(self.width - (sum(widths) - widths[wi]) - gap * (ncols - 1), self.width * 0.3)
        xs, x = [], 0.0
        for wdt in widths:
            xs.append(x)
            x += wdt + gap
        numeric = t.numeric or []

        def emit(r, font):
            cells = []
            for i, c in enumerate(r):
                parts = self.wrap(c, font, size, widths[i]) if self.w(c, font, size) > widths[i] + 0.5 else [c]
                cells.append(parts)
            for k in range(max(len(p) for p in cells)):
                items = []
                for i, parts in enumerate(cells):
                    if k < len(parts) and parts[k]:
                        right = i < len(numeric) and numeric[i]
                        xx = xs[i] + (widths[i] - self.w(parts[k], font, size) if right else 0)
                        items.append(("t", xx, parts[k], font, size))
                self.line(items, size)

        if header:
            emit(header, "bold")
            if rules:
                self.lines.append((3 * self.scale, [("hr", 0, xs[-1] + widths[-1])]))
        for r in rows:
            if isinstance(r, Group):
                self.line([("t", 0, _p(r.label), "bold", size)], size)
            else:
                emit(r, "regular")
        self.gap(SIZES["body"] * 0.8)

    def block(self, b, tight_ok=True, bullet="- ", rules=True):
        if isinstance(b, Title):
            for ln in self.wrap(_p(b.text), "bold", SIZES["title"], self.width):
                self.line([("t", 0, ln, "bold", SIZES["title"])], SIZES["title"])
            self.gap(6)
        elif isinstance(b, Heading):
            size = SIZES["h2"] if b.level <= 2 else SIZES["h3"]
            self.gap(4)
            for ln in self.wrap(_p(b.text), "bold", size, self.width):
                self.line([("t", 0, ln, "bold", size)], size)
            self.gap(2)
        elif isinstance(b, Para):
            self.para(b.text, size=SIZES["small"] if b.small else SIZES["body"])
        elif isinstance(b, Bullets):
            self.bullets(b.items, bullet)
        elif isinstance(b, Leaders):
            self.leaders(b.pairs)
        elif isinstance(b, Table):
            self.table(b, tight=b.tight and tight_ok, rules=rules)
        elif isinstance(b, Footnotes):
            for n, t in b.notes:
                self.para(f"({n}) {t}", size=SIZES["small"])
        elif isinstance(b, Rule):
            self.gap(8)
        else:
            raise TypeError(b)


def paginate(lines, page_h):
    pages, cur, y = [], [], 0.0
    for h, items in lines:
        if y + h > page_h and cur:
            pages.append(cur)
            cur, y = [], 0.0
        cur.append((y, h, items))
        y += h
    if cur:
        pages.append(cur)
    return pages


# ---------------------------------------------------------------------------------------------- text PDF

_RL_READY = False


def _reportlab():
    global _RL_READY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if not _RL_READY:
        pdfmetrics.registerFont(TTFont("DejaVu", FONTS["regular"]))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONTS["bold"]))
        _RL_READY = True
    return pdfmetrics


def render_pdf(doc, rng, path):
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.pdfgen import canvas
    pdfmetrics = _reportlab()
    names = {"regular": "DejaVu", "bold": "DejaVu-Bold"}
    pw, ph = rng.choice([letter, A4])
    margin = rng.choice([50, 60, 72])
    lay = Layout(pw - 2 * margin, lambda t, f, s: pdfmetrics.stringWidth(t, names[f], s), 1.0,
                 col_gap=rng.choice([14, 18, 24]))
    for b in doc.blocks:
        lay.block(b, bullet="\u2022 ")
    c = canvas.Canvas(path, pagesize=(pw, ph), invariant=1)
    c.setTitle(doc.title)
    for page in paginate(lay.lines, ph - 2 * margin):
        for y, h, items in page:
            base = ph - margin - y - h * 0.75
            for it in items:
                if it[0] == "t":
                    _, x, text, font, size = it
                    c.setFont(names[font], size)
                    c.drawString(margin + x, base, text)
                else:
                    c.setLineWidth(0.5)
                    c.line(margin + it[1], base + h * 0.5, margin + it[2], base + h * 0.5)
        c.showPage()
    c.save()


# ---------------------------------------------------------------------------------------------- scans

_FONT_CACHE = {}


def _font(kind, px):
    key = (kind, int(round(px)))
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(FONTS[kind], key[1])
    return _FONT_CACHE[key]


def _measure(text, kind, px):
    return _font(kind, px).getlength(text)


def _draw_page(lines, width_px, height_px, margin, ink, scale):
    img = Image.new("L", (width_px, height_px), 255)
    d = ImageDraw.Draw(img)
    for y, h, items in lines:
        for it in items:
            if it[0] == "t":
                _, x, text, font, size = it
                f = _font(font, size * scale)
                d.text((margin + x, margin + y + h * 0.15), text, font=f, fill=ink)
            else:
                d.line([(margin + it[1], margin + y + h / 2), (margin + it[2], margin + y + h / 2)], fill=ink, width=2)
    return img


def _age(img, rng):
    """Slight skew, a grey paper tone and sparse specks; keeps text sharp enough for tesseract."""
    angle = rng.uniform(-1.5, 1.5)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    w, h = img.size
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    paper = rng.randint(238, 250)
    specks = noise.point(lambda v: 190 if v < 1 else paper)
    img = Image.composite(img, specks, img.point(lambda v: 255 if v < 200 else 0))
    if rng.random() < 0.2:
        img = img.filter(ImageFilter.GaussianBlur(0.4))
    return img


def scan_pages(doc, rng, single_page):
    dpi = rng.choice([200, 200, 220])
    scale = dpi / 72.0
    width_px, height_px = int(8.5 * dpi), int(11 * dpi)
    margin = int(0.75 * dpi)
    # scans use larger type than print (about 13 pt), no tight tables and no rules under table
    # headers: single fare-class letters are what tesseract gets wrong first (I/|, O/0)
    lay = Layout(width_px - 2 * margin, _measure, scale * 1.3, col_gap=18, min_table_size=7.5)
    for b in doc.blocks:
        if isinstance(b, Para) and b.hidden:
            continue
        lay.block(b, tight_ok=False, rules=False)
    ink = rng.randint(0, 40)
    if single_page:
        total = sum(h for h, _ in lay.lines)
        page_h = max(height_px, int(total + 2 * margin + 20))
        pages = paginate(lay.lines, page_h)
        imgs = [_draw_page(pages[0], width_px, page_h, margin, ink, lay.scale)]
    else:
        imgs = [_draw_page(p, width_px, height_px, margin, ink, lay.scale)
                for p in paginate(lay.lines, height_px - 2 * margin)]
    return [_age(im, rng) for im in imgs], dpi


def render_png(doc, rng, path):
    imgs, dpi = scan_pages(doc, rng, single_page=True)
    imgs[0].save(path, format="PNG", optimize=False, compress_level=6, dpi=(dpi, dpi))


def render_scan_pdf(doc, rng, path):
    imgs, dpi = scan_pages(doc, rng, single_page=False)
    buf = io.BytesIO()
    fixed = time.gmtime(1704067200)     # a fixed date, so the same seed gives the same bytes
    imgs[0].save(buf, format="PDF", save_all=True, append_images=imgs[1:], resolution=float(dpi), quality=85,
                 title=doc.title, creationDate=fixed, modDate=fixed)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
