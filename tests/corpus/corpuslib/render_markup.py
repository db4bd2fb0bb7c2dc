"""HTML, Markdown and plain-text renderers of a blocks.Document."""
import html
import textwrap

from .blocks import Bullets, Footnotes, Group, Heading, Leaders, Para, Rule, Table, Title, replace_fn

# ---------------------------------------------------------------------------------------------- HTML


def _h(text):
    return replace_fn(html.escape(text, quote=False), "<sup>{n}</sup>")


def html_table(t, rng):
    ncols = len(t.header) if t.header else max(len(r) for r in t.rows if isinstance(r, list))
    out = ['<table class="earn">' if rng.random() < 0.5 else "<table>"]
    if t.caption:
        out.append(f"<caption>{_h(t.caption)}</caption>")
    if t.header:
        out.append("<thead><tr>" + "".join(f"<th>{_h(c)}</th>" for c in t.header) + "</tr></thead>")
    out.append("<tbody>")
    for r in t.rows:
        if isinstance(r, Group):
            out.append(f'<tr class="group"><th colspan="{ncols}">{_h(r.label)}</th></tr>')
        else:
            cells = []
            for i, c in enumerate(r):
                align = ' style="text-align:right"' if t.numeric and i < len(t.numeric) and t.numeric[i] else ""
                # the first cell of an award row names the zone: a row header
                tag = "th" if i == 0 and t.numeric and any(t.numeric) else "td"
                cells.append(f"<{tag}{align}>{_h(c)}</{tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    s = "\n".join(out)
    if t.nested:
        s = f'<table class="layout" role="presentation"><tr><td class="content">\n{s}\n</td></tr></table>'
    return s


def html_block(b, rng):
    if isinstance(b, Title):
        return f"<h1>{_h(b.text)}</h1>"
    if isinstance(b, Heading):
        return f"<h{b.level}>{_h(b.text)}</h{b.level}>"
    if isinstance(b, Para):
        if b.hidden:
            return f'<div style="display:none">{_h(b.text)}</div>'
        return f'<p class="small">{_h(b.text)}</p>' if b.small else f"<p>{_h(b.text)}</p>"
    if isinstance(b, Bullets):
        tag = "ol" if b.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_h(i)}</li>" for i in b.items) + f"</{tag}>"
    if isinstance(b, Leaders):
        return "<dl>" + "".join(f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in b.pairs) + "</dl>"
    if isinstance(b, Table):
        return html_table(b, rng)
    if isinstance(b, Footnotes):
        return '<ol class="footnotes">' + "".join(f'<li id="fn{n}">{_h(t)}</li>' for n, t in b.notes) + "</ol>"
    if isinstance(b, Rule):
        return "<hr>"
    raise TypeError(b)


def render_html(doc, rng):
    c = doc.chrome
    nav = " | ".join(f'<a href="#{i}">{html.escape(x)}</a>' for i, x in enumerate(c["nav"]))
    side = "".join(f"<li>{html.escape(s)}</li>" for s in c["sidebar"])
    body = "\n".join(html_block(b, rng) for b in doc.blocks)
    head = (f'<!DOCTYPE html>\n<html lang="{doc.lang}"><head><meta charset="utf-8"><title>{html.escape(doc.title)}</title>\n'
            "<style>table{border-collapse:collapse} td,th{border:1px solid #999;padding:4px 8px}"
            " .cookie{position:fixed;bottom:0} .small{font-size:80%}</style></head>\n<body>\n"
            f'<div class="cookie" id="cookie-banner"><p>{html.escape(c["cookie"])}</p><button>Accept</button></div>\n'
            f"<header><nav>{nav}</nav></header>\n")
    aside = f'<aside class="sidebar"><h3>Quick links</h3><ul>{side}</ul></aside>'
    if c.get("layout_table"):
        main = (f'<table class="page" role="presentation"><tr><td class="side">{aside}</td>'
                f'<td class="main"><main>\n{body}\n</main></td></tr></table>')
    else:
        main = f"<main>\n{body}\n</main>\n{aside}"
    foot = f'<footer><p>{html.escape(c["footer"])}</p><p><a href="#">Privacy</a> | <a href="#">Imprint</a></p></footer>'
    return head + main + "\n" + foot + "\n</body></html>\n"


# ---------------------------------------------------------------------------------------------- Markdown


def _m(text):
    return replace_fn(text.replace("|", "\\|"), "[^{n}]")


def md_table(t):
    ncols = len(t.header) if t.header else max(len(r) for r in t.rows if isinstance(r, list))
    header = t.header or [""] * ncols
    lines = ["| " + " | ".join(_m(c) for c in header) + " |",
             "|" + "|".join("---:" if (t.numeric and i < len(t.numeric) and t.numeric[i]) else "---"
                            for i in range(ncols)) + "|"]
    for r in t.rows:
        if isinstance(r, Group):
            lines.append("| **" + _m(r.label) + "** |" + " |" * (ncols - 1))
        else:
            lines.append("| " + " | ".join(_m(c) for c in r) + " |")
    return "\n".join(lines)


def md_block(b):
    if isinstance(b, Title):
        return "# " + _m(b.text)
    if isinstance(b, Heading):
        return "#" * b.level + " " + _m(b.text)
    if isinstance(b, Para):
        return f"*{_m(b.text)}*" if b.small else _m(b.text)
    if isinstance(b, Bullets):
        return "\n".join((f"{i}. " if b.ordered else "- ") + _m(x) for i, x in enumerate(b.items, 1))
    if isinstance(b, Leaders):
        return "\n".join(f"- **{_m(k)}**: {_m(v)}" for k, v in b.pairs)
    if isinstance(b, Table):
        return md_table(b)
    if isinstance(b, Footnotes):
        return "\n".join(f"[^{n}]: {_m(t)}" for n, t in b.notes)
    if isinstance(b, Rule):
        return "---"
    raise TypeError(b)


def render_markdown(doc, rng):
    return "\n\n".join(md_block(b) for b in doc.blocks) + "\n"


# ---------------------------------------------------------------------------------------------- plain text

WIDTH = 78


def _t(text):
    return replace_fn(text, "({n})")


def text_table(t, indent="  "):
    rows = [r for r in t.rows if isinstance(r, list)]
    ncols = max([len(t.header or [])] + [len(r) for r in rows])
    widths = [0] * ncols
    for r in ([t.header] if t.header else []) + rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(_t(c)))

    def line(r):
        cells = []
        for i, c in enumerate(r):
            c = _t(c)
            right = t.numeric and i < len(t.numeric) and t.numeric[i]
            cells.append(c.rjust(widths[i]) if right else c.ljust(widths[i]))
        return (indent + "  ".join(cells)).rstrip()

    out = []
    if t.header:
        out.append(line(t.header))
        out.append(indent + "  ".join("-" * w for w in widths))
    for r in t.rows:
        out.append(indent + _t(r.label) if isinstance(r, Group) else line(r))
    return "\n".join(out)


def text_block(b, rng, style):
    if isinstance(b, Title):
        t = _t(b.text).upper() if style["upper_title"] else _t(b.text)
        return t + "\n" + "=" * len(t)
    if isinstance(b, Heading):
        t = _t(b.text)
        if b.level >= 3:
            return t + ":" if not t.endswith(":") else t
        return t + "\n" + "-" * len(t) if style["underline"] else t
    if isinstance(b, Para):
        return textwrap.fill(_t(b.text), WIDTH)
    if isinstance(b, Bullets):
        return "\n".join(textwrap.fill(_t(x), WIDTH, initial_indent="  * " if not b.ordered else f"  {i}. ",
                                       subsequent_indent="    ") for i, x in enumerate(b.items, 1))
    if isinstance(b, Leaders):
        w = max(len(_t(k)) for k, _ in b.pairs) + 4
        return "\n".join("  " + _t(k) + " " + "." * (w - len(_t(k))) + " " + _t(v) for k, v in b.pairs)
    if isinstance(b, Table):
        return text_table(b)
    if isinstance(b, Footnotes):
        return "\n".join(textwrap.fill(f"({n}) {_t(t)}", WIDTH) for n, t in b.notes)
    if isinstance(b, Rule):
        return "--"
    raise TypeError(b)


def render_text(doc, rng):
    style = {"upper_title": rng.random() < 0.6, "underline": rng.random() < 0.8}
    return "\n\n".join(text_block(b, rng, style) for b in doc.blocks) + "\n"
