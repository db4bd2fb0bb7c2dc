"""Turn one planned document of an invented program into format-neutral blocks AND the facts a careful
reader would extract from exactly those blocks.

Facts are recorded at the moment the text that states them is written, so the two cannot drift apart:
an airline becomes a fact when its name is written, a membership when its alliance is written, a
minimum lands on exactly the rules the minimum sentence covers, stale tables and injected text add
none (they go to `adversarial` instead).
"""
from . import phrasing as P
from . import refdata as R
from .blocks import FN, Bullets, Document, Footnotes, Group, Heading, Leaders, Para, Rule, Table, Title
from .calc import round_half_up
from .invent import AIRLINE_SHORT, CABINS

CATEGORIES = ["programs", "airlines", "alliances", "memberships", "earning_rules", "award_rules", "zones",
              "status_tiers", "expiry_rules"]


class Facts:
    """The facts of one document, in facts.json's shape, without duplicates."""

    def __init__(self, program):
        self.d = {k: [] for k in CATEGORIES}
        self.d["programs"].append(program.fact())

    def _add(self, key, item):
        if item not in self.d[key]:
            self.d[key].append(item)

    def airline(self, iata):
        self._add("airlines", {"iata": iata, "name": R.airline_name(iata), "country": R.airline_country(iata)})

    def membership(self, iata):
        al = R.airline_alliance(iata)
        if al:
            self._add("memberships", {"airline": iata, "alliance": al})
            self._add("alliances", al)

    def add(self, key, item):
        self._add(key, item)


def display_airline(iata):
    name = AIRLINE_SHORT.get(iata) if iata == "NH" else R.airline_name(iata)
    return f"{name} ({iata})"


def cap(s):
    return s[:1].upper() + s[1:]


def join_classes(classes, sep):
    if sep == "space":
        return " ".join(classes)
    if sep == "slash":
        return "/".join(classes)
    if sep in ("and", "or") and len(classes) > 1:
        return ", ".join(classes[:-1]) + f" {sep} " + classes[-1]
    return ", ".join(classes)


def fmt_factor(pct):
    return f"{pct / 100:.2f}"


def fmt_rate(pct, style, inel, x_sign="x"):
    if pct == 0:
        return inel
    return {"pct": f"{pct}%", "pct_sp": f"{pct} %", "percent": f"{pct} percent", "factor": fmt_factor(pct),
            "xfactor": f"{x_sign} {fmt_factor(pct)}", "distexpr": f"Distance flown {x_sign} {pct}%",
            "ofdist": f"{pct}% of distance"}[style]


def fmt_price(v, style):
    if style == "k":
        return f"{v / 1000:g}k"
    if style == "space":
        return f"{v:,}".replace(",", " ")
    if style == "plain":
        return str(v)
    return f"{v:,}"


class Composer:
    def __init__(self, rng, program, plan, fmt, lang, name_mode):
        self.rng, self.p, self.plan, self.fmt, self.lang = rng, program, plan, fmt, lang
        self.name_mode = name_mode          # normal | title_only | filename_only
        self.facts = Facts(program)
        self.adversarial = []
        self.forbidden = []                 # injected claims a reply must not repeat
        self.notes = []                     # words for the `notes` field
        self.fn_count = 0
        self.blocks = []
        self.lex = P.LEX.get(lang)
        self.scan = fmt in ("png", "pdf_scan")

    # ------------------------------------------------------------------ small helpers
    def pick(self, options):
        return self.rng.choice(options)

    def cur(self):
        if self.lex:
            return self.lex["cur"][self.p.currency]
        return self.p.currency

    def fill(self, template, **kw):
        kw.setdefault("cur", self.cur())
        kw.setdefault("Cur", cap(self.cur()))
        return template.format(**kw)

    def footnote(self):
        self.fn_count += 1
        return self.fn_count

    def program_ref(self):
        return self.p.name if self.name_mode == "normal" else None

    def name_airline(self, iata, with_alliance=False):
        self.facts.airline(iata)
        if with_alliance:
            self.facts.membership(iata)
        return display_airline(iata)

    # ------------------------------------------------------------------ title and intro
    def title(self, kind):
        hidden = self.name_mode == "filename_only"
        if self.lex:
            names = ", ".join(display_airline(c.airline) for c in self.plan.charts) or R.airline_name(self.p.operator)
            t = self.lex["title_hidden"] if hidden else self.lex["title"].format(
                program=self.p.name, cur=self.cur(), airlines=names)
            return t
        table = {"earn": (P.TITLE_EARN, P.TITLE_EARN_HIDDEN), "award": (P.TITLE_AWARD, P.TITLE_AWARD_HIDDEN),
                 "guide": (P.TITLE_GUIDE, P.TITLE_GUIDE_HIDDEN)}[kind]
        return self.fill(self.pick(table[1] if hidden else table[0]), program=self.p.name)

    def intro(self):
        op = self.p.operator
        al = R.airline_alliance(op)
        airline = self.name_airline(op, with_alliance=True)
        if self.lex:
            clause = self.lex["alliance_clause"].format(alliance=al) if al else ""
            t = self.lex["intro" if self.name_mode == "normal" else "intro_hidden"]
            return Para(t.format(program=self.p.name, airline=airline, alliance_clause=clause))
        clause = self.pick(P.ALLIANCE_CLAUSE).format(alliance=al) if al else ""
        t = self.pick(P.INTRO if self.name_mode == "normal" else P.INTRO_HIDDEN)
        return Para(self.fill(t, program=self.p.name, airline=airline, alliance_clause=clause))

    # ------------------------------------------------------------------ earning
    def cabin_labels(self, charts):
        """Per cabin: the label used in tables, plus gloss sentences for brand names."""
        used = {g["cabin"] for c in charts for g in c.groups}
        labels, legend = {}, []
        inline = self.rng.random() < 0.5
        for cabin in CABINS:
            if self.lex:
                labels[cabin] = self.lex["cabins"][cabin]
                continue
            name, gloss = self.pick(P.CABIN_BRANDS[cabin]) if self.rng.random() < 0.5 else P.CABIN_BRANDS[cabin][0]
            if gloss and inline:
                name = f"{name} ({P.CABIN_WORD[cabin]})"
            elif gloss and cabin in used:
                legend.append(f"{name} is the {P.CABIN_WORD[cabin]} cabin.")
            labels[cabin] = name
        return labels, legend

    def choose_min_policy(self, charts):
        """Decide which rules this document gives a minimum, and the sentence(s) that say so."""
        rng = self.rng
        modes = ["none", "none", "all", "all", "ge100", "asterisk"]
        if len(charts) > 1:
            modes.append("airlines")
        if self.lex:
            modes = ["none", "all", "ge100"]
        mode = rng.choice(modes)
        n = rng.choice([250, 300, 400, 500, 500, 600, 750, 1000])
        pol = {"mode": mode, "n": n, "airlines": set(), "mark": "*" if self.scan else rng.choice(["*", "†", "(m)"])}
        if mode == "airlines":
            pol["airlines"] = set(rng.sample([c.airline for c in charts], rng.randint(1, len(charts) - 1)))
        return pol

    def min_for(self, pol, airline, pct, marked=False):
        if pct == 0:
            return None
        m = pol["mode"]
        if m == "all" or (m == "airlines" and airline in pol["airlines"]) or (m == "ge100" and pct >= 100) \
                or (m == "asterisk" and marked):
            return pol["n"]
        return None

    def min_sentences(self, pol):
        m, n = pol["mode"], pol["n"]
        if self.lex:
            if m == "all":
                return [self.lex["min_all"].format(n=f"{n:,}".replace(",", "."), cur=self.cur())]
            if m == "ge100":
                return [self.lex["min_ge100"].format(n=f"{n:,}".replace(",", "."), cur=self.cur())]
            return []
        if m == "none":
            return [self.fill(self.pick(P.NO_MIN))] if self.rng.random() < 0.4 else []
        if m == "all":
            out = [self.fill(self.pick(P.MIN_ALL), n=f"{n:,}")]
        elif m == "airlines":
            names = " and ".join(display_airline(a) for a in sorted(pol["airlines"]))
            out = [self.fill(self.pick(P.MIN_AIRLINES), n=f"{n:,}", airlines=names)]
        elif m == "ge100":
            out = [self.fill(self.pick(P.MIN_GE100), n=f"{n:,}")]
        else:
            out = [self.fill(self.pick(P.MIN_ASTERISK), n=f"{n:,}", mark=pol["mark"])]
        if self.rng.random() < 0.3:
            out.append(P.ZERO_NO_MIN[0])
        return out

    def units(self, chart, per_class):
        """The rules as the document will state them: one per group, or one per fare class."""
        out = []
        for g in chart.groups:
            if per_class:
                out += [{"classes": [c], "cabin": g["cabin"], "percent": g["percent"]} for c in g["classes"]]
            else:
                out.append({"classes": list(g["classes"]), "cabin": g["cabin"], "percent": g["percent"]})
        return out

    def record_rule(self, airline, unit, min_miles):
        r = {"program": self.p.id, "operating_airline": airline, "fare_classes": list(unit["classes"]),
             "cabin": unit["cabin"], "percent": unit["percent"]}
        if min_miles:
            r["min_miles"] = min_miles
        self.facts.add("earning_rules", r)

    def table_look(self):
        """Per-table choices: rate wording, not-eligible wording, class separator, column order."""
        rng = self.rng
        if self.lex:
            style = "pct_sp"
        else:
            style = rng.choice(["pct", "pct", "pct_sp", "percent", "factor", "xfactor", "distexpr", "ofdist"])
        inel = self.lex["not_eligible"] if self.lex else rng.choice(P.NOT_ELIGIBLE[style])
        seps = ["comma", "comma", "slash"] if self.scan else ["comma", "comma", "space", "slash", "and"]
        return {"style": style, "inel": inel, "sep": rng.choice(seps),
                "order": rng.choice(["cls_cab_rate", "cab_cls_rate", "rate_cls_cab", "rate_cab_cls", "cls_rate_cab"]),
                "per_class": rng.random() < 0.15, "x": rng.choice(["x", "×"]) if not self.scan else "x"}

    def rate_header(self, look):
        if self.lex:
            return self.lex["col_rate"]
        return self.fill(self.pick(P.COL_RATE[look["style"]]))

    def rate_cell(self, pct, look):
        txt = fmt_rate(pct, look["style"], look["inel"], look["x"])
        if self.lex and pct:
            txt = self.lex["pct"].format(p=pct)
        return txt

    def earning_table(self, charts, look, labels, pol, cabin_col=True, airline_col=False, groups=None):
        """One table for one or more charts. groups: None | 'airline' | 'cabin' (row groups)."""
        cols = {"cls": self.lex["col_classes"] if self.lex else self.pick(P.COL_CLASSES),
                "cab": self.lex["col_cabin"] if self.lex else self.pick(P.COL_CABIN),
                "rate": self.rate_header(look)}
        order = look["order"].split("_")
        if not cabin_col:
            order = [c for c in order if c != "cab"]
        header = [cols[c] for c in order]
        if airline_col:
            header = [self.lex["col_airline"] if self.lex else self.pick(P.COL_AIRLINE)] + header
        rows, used_dash, marked_any = [], False, False
        for chart in charts:
            if groups == "airline":
                rows.append(Group("".join(self.airline_label([chart.airline]))))
            last_cabin = None
            for u in self.units(chart, look["per_class"]):
                if groups == "cabin" and u["cabin"] != last_cabin:
                    rows.append(Group(labels[u["cabin"]]))
                    last_cabin = u["cabin"]
                marked = pol["mode"] == "asterisk" and u["percent"] > 0 and self.rng.random() < 0.6
                for a in self.sisters.get(chart.airline, [chart.airline]):
                    self.record_rule(a, u, self.min_for(pol, a, u["percent"], marked))
                cells = {"cls": join_classes(u["classes"], look["sep"]), "cab": labels[u["cabin"]],
                         "rate": self.rate_cell(u["percent"], look)}
                if marked:
                    cells["rate"] += " " + pol["mark"] if pol["mark"] != "*" else "*"
                    marked_any = True
                used_dash |= cells["rate"] == "—"
                row = [cells[c] for c in order]
                if airline_col:
                    row = [self.name_airline(chart.airline)] + row
                rows.append(row)
        numeric = [False] * len(header)
        t = Table(header=header, rows=rows, numeric=numeric, nested=self.rng.random() < 0.2,
                  tight=self.fmt == "pdf" and self.rng.random() < 0.15)
        extra = []
        if used_dash:
            extra.append(Para(self.fill(self.pick(P.DASH_LEGEND))))
        if look["style"] in ("factor", "xfactor"):
            extra.append(Para(self.fill(self.pick(P.FACTOR_NOTE))))
        return [t] + extra, marked_any

    def airline_label(self, airlines):
        """'Lufthansa (LH) and SWISS (LX)' plus, when this document states alliances, the alliance
        text; memberships become facts only when their alliance is written here."""
        names = " and ".join(self.name_airline(a) for a in airlines)
        if not self.state_alliance:
            return names, ""
        als = {R.airline_alliance(a) for a in airlines}
        for a in airlines:
            self.facts.membership(a)
        if als == {None}:
            return names, "" if self.lex else self.pick(P.NON_ALIGNED_SUFFIX)
        if len(als) == 1:
            al = als.pop()
            return names, (self.lex["member"] if self.lex else self.pick(P.MEMBER_SUFFIX)).format(alliance=al)
        # mixed alliances: each airline carries its own
        return " and ".join(f"{display_airline(a)} ({R.airline_alliance(a) or 'no alliance'})" for a in airlines), ""

    def airline_heading(self, airlines):
        label, member = self.airline_label(airlines)
        if self.lex:
            return Heading(self.lex["airline_heading"].format(airline=label, member=member), 2)
        t = self.pick(P.AIRLINE_HEADING)
        if "{member}" not in t and member:
            t = "{airline}{member}"
        return Heading(t.format(airline=label, member=member), 2)

    def chart_families(self, charts):
        """Charts that are identical (sister airlines) can share one heading and one table."""
        fam, seen = [], set()
        for c in charts:
            if c.airline in seen:
                continue
            same = [d for d in charts if d.airline not in seen and d.groups == c.groups]
            if len(same) > 1 and self.rng.random() < 0.7:
                fam.append(same[:2])
                seen.update(d.airline for d in same[:2])
            else:
                fam.append([c])
                seen.add(c.airline)
        return fam

    def earning_section(self, charts):
        rng = self.rng
        self.state_alliance = rng.random() < 0.6
        self.sisters = {}
        pol = self.choose_min_policy(charts)
        labels, legend = self.cabin_labels(charts)
        styles = ["per_airline", "per_airline", "operator_column", "operator_groups", "cabin_groups",
                  "cabin_headings", "prose", "bullets"]
        if self.lex:
            styles = ["per_airline", "operator_column"]
        if self.scan:
            styles = [s for s in styles if s != "operator_groups"] + ["per_airline"]
        style = rng.choice(styles)
        if pol["mode"] == "asterisk" and style in ("prose",):
            pol["mode"] = "all"
        self.notes.append(f"earning as {style.replace('_', ' ')}")
        out = []
        if not self.lex:
            out.append(Para(self.fill(self.pick(P.EARN_EXPLAIN))))
        if style in ("operator_column", "operator_groups"):
            look = self.table_look()
            blocks, _ = self.earning_table(charts, look, labels, pol, airline_col=style == "operator_column",
                                           groups="airline" if style == "operator_groups" else None)
            out += blocks
            out += self.all_members_sentence(charts)
        else:
            expired_for = rng.choice(charts).airline if (rng.random() < 0.2 and style in ("per_airline", "cabin_groups")) else None
            for fam in self.chart_families(charts):
                if len(fam) > 1:
                    self.sisters[fam[0].airline] = [c.airline for c in fam]
                if style == "prose":
                    out += self.prose_chart(fam, labels, pol)
                elif style == "bullets":
                    out += self.bullet_chart(fam[0], [c.airline for c in fam], labels, pol)
                elif style == "cabin_headings":
                    out += self.cabin_heading_chart(fam[0], [c.airline for c in fam], labels, pol)
                else:
                    out.append(self.airline_heading([c.airline for c in fam]))
                    look = self.table_look()
                    if expired_for in [c.airline for c in fam]:
                        out += self.expired_table(fam[0], look, labels, pol, style)
                    else:
                        out += self.earning_table([fam[0]], look, labels, pol, cabin_col=style == "per_airline",
                                                  groups="cabin" if style == "cabin_groups" else None)[0]
        out += [Para(s) for s in legend]
        mins = self.min_sentences(pol)
        if mins:
            if self.fmt == "markdown" and rng.random() < 0.5 and out and isinstance(out[0], Para):
                n = self.footnote()
                out[0] = Para(out[0].text + FN(n))
                out.append(Footnotes([(n, " ".join(mins))]))
            elif rng.random() < 0.4:
                out.append(Bullets(mins))
            else:
                out += [Para(s, small=rng.random() < 0.3) for s in mins]
        if pol["mode"] != "none":
            self.notes.append(f"minimum {pol['n']} ({pol['mode']})")
        return out

    def all_members_sentence(self, charts):
        als = {R.airline_alliance(c.airline) for c in charts} | {R.airline_alliance(self.p.operator)}
        if len(als) == 1 and None not in als and not self.lex and self.rng.random() < 0.6:
            for c in charts:
                self.facts.membership(c.airline)
            return [Para(self.fill(self.pick(P.ALL_MEMBERS), alliance=als.pop()))]
        return []

    def expired_table(self, chart, look, labels, pol, style):
        """The same partner twice: an expired chart (not a fact) and the one in force."""
        from .invent import Chart
        rng = self.rng
        y = rng.randint(2019, 2023)
        m = rng.randint(1, 11)
        until = f"{[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30][m - 1]} {P.MONTHS[m - 1]} {y}"
        start = f"1 {P.MONTHS[m]} {y}"
        old = Chart(chart.airline, [dict(g, percent=(0 if g["percent"] == 0 else
                                                     max(5, g["percent"] + rng.choice([-25, 25, 50]))))
                                    for g in chart.groups])
        saved = self.facts.d["earning_rules"][:]
        old_blocks, _ = self.earning_table([old], look, labels, {"mode": "none", "n": 0, "airlines": set(), "mark": "*"},
                                           cabin_col=style == "per_airline", groups="cabin" if style == "cabin_groups" else None)
        self.facts.d["earning_rules"] = saved          # the old chart states no facts
        new_blocks, _ = self.earning_table([chart], look, labels, pol, cabin_col=style == "per_airline",
                                           groups="cabin" if style == "cabin_groups" else None)
        old_h = Heading(self.pick(P.VALID_UNTIL).format(d=until), 3)
        new_h = Heading(self.pick(P.VALID_FROM).format(d=start), 3)
        self.adversarial.append(f"Expired chart for {chart.airline} (tickets issued until {until}); only the chart from {start} is in force.")
        self.notes.append("expired chart beside the current one")
        parts = [[old_h] + old_blocks, [new_h] + new_blocks]
        if rng.random() < 0.5:
            parts.reverse()
        return parts[0] + parts[1]

    def prose_chart(self, fam, labels, pol):
        rng = self.rng
        airlines = [c.airline for c in fam]
        out = [self.airline_heading(airlines)] if rng.random() < 0.7 else []
        sentences = []
        if not out:
            names = [self.name_airline(a, with_alliance=False) for a in airlines]
            sentences.append(self.pick(P.PROSE_LEAD).format(airline=" and ".join(names)))
        short = [R.airline_name(a) if a != "NH" else "ANA" for a in airlines]
        for g in fam[0].groups:
            plain = labels[g["cabin"]] in ("Economy", "Business", "First", "Premium Economy")
            kw = {"cabin": labels[g["cabin"]].lower() if plain else labels[g["cabin"]],
                  "classes_or": join_classes(g["classes"], "or"), "classes_and": join_classes(g["classes"], "and"),
                  "pct": g["percent"]}
            kw["Cabin"] = cap(kw["cabin"])
            if len(fam) > 1 and rng.random() < 0.6:
                t = self.pick(P.PROSE_BOTH_ZERO if g["percent"] == 0 else P.PROSE_BOTH)
                sentences.append(self.fill(t, a=short[0], b=short[1], **kw))
            elif g["percent"] == 0:
                sentences.append(self.fill(self.pick(P.PROSE_ZERO), **kw))
            elif g["percent"] in P.RATE_WORDS and rng.random() < 0.5:
                earns = "earns" if len(g["classes"]) == 1 else "earn"
                sentences.append(self.fill(self.pick(P.PROSE_WORD), word=P.RATE_WORDS[g["percent"]], earns=earns, **kw))
            else:
                sentences.append(self.fill(self.pick(P.PROSE_PCT), **kw))
            for a in airlines:
                self.record_rule(a, g, self.min_for(pol, a, g["percent"]))
        if rng.random() < 0.5:
            out.append(Para(" ".join(sentences)))
        else:
            out += [Para(s) for s in sentences]
        return out

    def bullet_chart(self, chart, airlines, labels, pol):
        look = self.table_look()
        items = []
        for u in self.units(chart, False):
            marked = pol["mode"] == "asterisk" and u["percent"] > 0 and self.rng.random() < 0.6
            rate = self.rate_cell(u["percent"], look) + (pol["mark"] if marked else "")
            items.append(f"{labels[u['cabin']]} — {join_classes(u['classes'], look['sep'])}: {rate}")
            for a in airlines:
                self.record_rule(a, u, self.min_for(pol, a, u["percent"], marked))
        if self.fmt == "text" and self.rng.random() < 0.5:
            # plain text: dot leaders between classes and rate ("J, C, D ........ 125%")
            pairs = [(it.split(": ")[0], it.split(": ")[1]) for it in items]
            out = [self.airline_heading(airlines), Leaders(pairs)]
        else:
            out = [self.airline_heading(airlines), Bullets(items)]
        if "—" in " ".join(items):
            out.append(Para(self.fill(self.pick(P.DASH_LEGEND))))
        if look["style"] in ("factor", "xfactor"):
            out.append(Para(self.fill(self.pick(P.FACTOR_NOTE))))
        return out

    def cabin_heading_chart(self, chart, airlines, labels, pol):
        """Cabin given only by a sub-heading: the tables underneath have no cabin column."""
        look = self.table_look()
        look["order"] = self.pick(["cls_rate", "rate_cls"])
        out = [self.airline_heading(airlines)]
        hdr_cls, hdr_rate = self.pick(P.COL_CLASSES), self.rate_header(look)
        for cabin in CABINS:
            us = [u for u in self.units(chart, look["per_class"]) if u["cabin"] == cabin]
            if not us:
                continue
            out.append(Heading(labels[cabin], 3))
            rows = []
            for u in us:
                marked = pol["mode"] == "asterisk" and u["percent"] > 0 and self.rng.random() < 0.6
                rate = self.rate_cell(u["percent"], look) + (pol["mark"] if marked else "")
                cls = join_classes(u["classes"], look["sep"])
                rows.append([cls, rate] if look["order"] == "cls_rate" else [rate, cls])
                for a in airlines:
                    self.record_rule(a, u, self.min_for(pol, a, u["percent"], marked))
            hdr = [hdr_cls, hdr_rate] if look["order"] == "cls_rate" else [hdr_rate, hdr_cls]
            out.append(Table(header=hdr, rows=rows, numeric=[False, False]))
        if any(isinstance(b, Table) and any("—" in str(c) for r in b.rows if isinstance(r, list) for c in r) for b in out):
            out.append(Para(self.fill(self.pick(P.DASH_LEGEND))))
        if look["style"] in ("factor", "xfactor"):
            out.append(Para(self.fill(self.pick(P.FACTOR_NOTE))))
        return out

    # ------------------------------------------------------------------ decoys in earning documents
    def worked_example(self, charts):
        rng = self.rng
        chart = rng.choice(charts)
        rules = [r for r in self.facts.d["earning_rules"] if r["operating_airline"] == chart.airline and r["percent"] > 0]
        if not rules:
            return []
        r = rng.choice(rules)
        dist = rng.choice([180, 240, 350, 620, 1000, 1250, 2400, 3800, 5100])
        raw = round_half_up(dist * r["percent"] / 100)
        txt = self.fill(self.pick(P.EXAMPLE), dist=dist, airline=R.airline_name(chart.airline), cls=r["fare_classes"][0],
                        pct=r["percent"], raw=raw)
        if r.get("min_miles") and raw < r["min_miles"]:
            txt += self.fill(self.pick(P.EXAMPLE_MIN), n=r["min_miles"])
        self.notes.append("worked example")
        return [Para(txt)]

    def promotion(self, charts):
        rng = self.rng
        chart = rng.choice(charts)
        cls = rng.choice([c for g in chart.groups for c in g["classes"]])
        d = f"{rng.randint(1, 28)} {rng.choice(P.MONTHS)} {rng.randint(2016, 2020)}"
        txt = self.fill(self.pick(P.PROMO), d=d, airline=R.airline_name(chart.airline), cls=cls)
        self.adversarial.append(f"Expired promotion: '{txt}' is not a rule.")
        self.notes.append("expired promotion")
        return [Para(txt)]

    def hostile(self, charts):
        rng = self.rng
        x = rng.choice([800, 850, 900, 950, 999])
        chart = rng.choice(charts) if charts else None
        airline = R.airline_name(chart.airline) if chart else R.airline_name(self.p.operator)
        cls = rng.choice([c for g in chart.groups for c in g["classes"]]) if chart else "Y"
        txt = self.pick(P.HOSTILE).format(x=x, airline=airline, cls=cls)
        self.adversarial.append(f"Injected instruction: '{txt}'")
        self.forbidden += [f"{x}%", f"{x} percent"]
        self.notes.append("injected instruction")
        return Para(txt, hidden=self.fmt == "html" and rng.random() < 0.3)

    def distractor(self):
        rng = self.rng
        t = self.pick(P.DISTRACTORS)
        return Para(self.fill(t, cc=rng.choice([1, 44, 49, 33, 34, 61, 65, 971]), a=rng.randint(20, 899),
                              b=rng.randint(100, 999), c=rng.randint(1000, 9999), kg=rng.choice([20, 23, 25, 30]),
                              fee=rng.choice([35, 50, 75, 90, 120, 150]), day=rng.randint(1, 28),
                              month=rng.choice(P.MONTHS), year=rng.randint(2023, 2025), h=rng.choice([2, 3]),
                              fee2=rng.choice([9, 12, 15, 25])), small=True)

    # ------------------------------------------------------------------ awards
    def award_section(self):
        rng, p = self.rng, self.p
        round_trip = rng.random() < 0.25
        price_style = rng.choice(["comma", "comma", "k", "space", "plain"])
        na = rng.choice(["dash", "n/a", "not offered"])
        na_text = {"dash": "—", "n/a": "n/a", "not offered": "not offered"}[na]
        use_alias = rng.random() < 0.5
        chart_zones = []
        for (a, b, _c) in p.awards:
            for z in (a, b):
                if z not in chart_zones:
                    chart_zones.append(z)
        zones = [z for z in p.zones if z.name in chart_zones]
        label = {z.name: (z.aliases[0] if (use_alias and z.aliases) else z.name) for z in zones}

        def cell(v):
            if v is None:
                return na_text
            return fmt_price(v * 2 if round_trip else v, price_style)

        head = [Para(self.fill(self.pick(P.AWARD_ROUND_TRIP if round_trip else P.AWARD_ONE_WAY)))]
        if rng.random() < 0.5:
            head.append(Para(self.pick(P.AWARD_SYMMETRIC)))
        cab_hdr = {c: P.CABIN_BRANDS[c][0][0] for c in CABINS}
        chart = []
        shape = p.award_shape
        layout = "rows"
        if shape == "origin" and len(zones) <= 6 and rng.random() < 0.35:
            layout = "transposed"
        if shape == "matrix":
            for cabin in p.award_cabins:
                chart.append(Heading(f"{cab_hdr[cabin]}", 3))
                hdr = ["From \\ To"] + [label[z.name] for z in zones]
                rows = []
                for za in zones:
                    row = [label[za.name]]
                    for zb in zones:
                        v = p.awards.get((za.name, zb.name, cabin), p.awards.get((zb.name, za.name, cabin)))
                        row.append(cell(v))
                    rows.append(row)
                chart.append(Table(header=hdr, rows=rows, numeric=[False] + [True] * len(zones)))
        else:
            for origin in p.origins:
                dests = [z for z in zones if (origin, z.name, "economy") in p.awards]
                chart.append(Heading(self.pick(P.AWARD_FROM).format(zone=label[origin]), 3))
                if layout == "transposed":
                    hdr = ["Cabin"] + [label[z.name] for z in dests]
                    rows = [[cab_hdr[c]] + [cell(p.awards[(origin, z.name, c)]) for z in dests] for c in p.award_cabins]
                    chart.append(Table(header=hdr, rows=rows, numeric=[False] + [True] * len(dests)))
                else:
                    hdr = [self.pick(["To zone", "Destination", "To"])] + [cab_hdr[c] for c in p.award_cabins]
                    rows = [[label[z.name]] + [cell(p.awards[(origin, z.name, c)]) for c in p.award_cabins] for z in dests]
                    chart.append(Table(header=hdr, rows=rows, numeric=[False] + [True] * len(p.award_cabins)))
        if na != "not offered" and any(v is None for v in p.awards.values()):
            chart.append(Para(self.pick(P.NOT_OFFERED[na])))
        for (a, b, c), v in p.awards.items():
            if v is not None:
                self.facts.add("award_rules", {"program": p.id, "from_zone": a, "to_zone": b, "cabin": c,
                                               "miles_one_way": v})
        defs = self.zone_definitions(zones, use_alias)
        self.notes.append(f"award chart ({shape}, {layout}, {'round-trip' if round_trip else 'one-way'} prices, "
                          f"{price_style} numbers)")
        if round_trip:
            self.adversarial.append("Award prices are printed as round trips; facts are the one-way halves.")
        title = Heading(self.pick(["Award chart", "Reward prices", "How many " + self.cur() + " you need"]), 2)
        if rng.random() < 0.5:
            return [title] + head + chart + defs
        return defs + [title] + head + chart

    def zone_definitions(self, zones, use_alias):
        rng = self.rng
        form = rng.choice(["table", "bullets", "paras", "cities", "codes"])
        if self.scan and form == "table":
            form = "bullets"
        out = [Heading(self.pick(P.ZONE_HEADING), 2)]
        rows, items = [], []
        covers = []
        for z in zones:
            named = f"{z.aliases[0]} — {z.name}" if (use_alias and z.aliases) else z.name
            if not use_alias and z.aliases and rng.random() < 0.5:
                named = f"{z.name} ({z.aliases[0]})"
            mention_alias = z.aliases and named != z.name
            countries = self.country_list(z.countries, form)
            rows.append([named, countries])
            items.append(f"{named}: {countries}")
            regions = []
            if z.regions and z.regions != [z.name]:
                regions = list(z.regions)
                tpls = P.ZONE_COVERS if not z.name.startswith("Zone") else P.ZONE_COVERS[:-1]
                covers.append(self.pick(tpls).format(zone=z.name, regions=" and ".join(
                    [", ".join(regions[:-1]), regions[-1]] if len(regions) > 1 else regions)))
            fact = {"program": self.p.id, "zone": z.name, "countries": list(z.countries), "regions": regions}
            if mention_alias:
                fact["aliases"] = list(z.aliases)
            self.facts.add("zones", fact)
        if form == "table":
            out.append(Table(header=["Zone", "Countries and territories"], rows=rows, numeric=[False, False]))
        elif form == "bullets":
            out.append(Bullets(items))
        else:
            out += [Para(i) for i in items]
        if covers:
            out.append(Para(" ".join(covers)))
        return out

    def country_list(self, countries, form):
        parts = []
        for c in countries:
            name = R.COUNTRIES[c]
            if form == "codes":
                parts.append(f"{name} ({c})")
            elif form == "cities":
                cities = [R.AIRPORTS[a][0] for a in R.airports_in([c]) if R.AIRPORTS[a][2]][:2]
                parts.append(f"{name} ({', '.join(cities)})" if cities else name)
            else:
                parts.append(name)
        return ", ".join(parts)

    # ------------------------------------------------------------------ status and expiry
    def thr_text(self, t):
        if t["threshold"] == 0:
            return self.lex["enrol"] if self.lex else self.pick(P.TIER_ENROL)
        if t["threshold_unit"] == "qualifying dollars":
            return f"${t['threshold']:,}"
        if self.lex:
            return f"{t['threshold']:,}".replace(",", ".")
        return f"{t['threshold']:,}"

    def tiers_section(self):
        rng, p = self.rng, self.p
        unit = p.tier_unit
        tiers = p.tiers
        for t in tiers:
            self.facts.add("status_tiers", dict(t))
        if self.lex:
            out = [Heading(self.lex["tiers_heading"], 2), Para(self.lex["tier_intro"].format(unit=unit))]
            rows = [[t["name"], self.thr_text(t), t["alliance_status"] or "—"] for t in tiers]
            out.append(Table(header=[self.lex["col_tier"], self.lex["col_thr"].format(unit=unit), self.lex["col_all"]],
                             rows=rows, numeric=[False, True, False]))
            return out
        form = rng.choice(["table", "table", "prose", "bullets", "leaders"])
        self.notes.append(f"status tiers as {form} ({unit})")
        out = [Heading(self.pick(["Status tiers", "Elite status", "Membership levels", "Tier levels"]), 2),
               Para(self.pick(P.TIER_INTRO).format(unit=unit))]
        has_alliance = any(t["alliance_status"] for t in tiers)
        if form == "table":
            hdr = ["Tier", f"{unit} needed" if unit != "qualifying dollars" else "Qualifying dollars"]
            if has_alliance:
                hdr.append("Alliance status")
            rows = []
            for t in tiers:
                row = [t["name"], self.thr_text(t)]
                if has_alliance:
                    row.append(t["alliance_status"] or "—")
                rows.append(row)
            out.append(Table(header=hdr, rows=rows, numeric=[False, True, False][:len(hdr)]))
        else:
            lines = []
            for t in tiers:
                al = self.pick(P.TIER_ALLIANCE).format(status=t["alliance_status"]) if t["alliance_status"] else ""
                thr = self.thr_text(t)
                u = "" if t["threshold"] == 0 or unit == "qualifying dollars" and form != "prose" else unit
                if form == "prose":
                    if t["threshold"] == 0:
                        lines.append(f"{t['name']} is granted {thr}{al}.")
                    else:
                        lines.append(self.pick(P.TIER_PROSE).format(tier=t["name"], thr=thr, unit=unit, alliance=al))
                elif form == "leaders":
                    lines.append((t["name"], f"{thr} {u}".strip() + (f" ({t['alliance_status']})" if t["alliance_status"] else "")))
                else:
                    lines.append(f"{t['name']}: {thr} {u}".strip() + (f" — {t['alliance_status']}" if t["alliance_status"] else ""))
            if form == "prose":
                out.append(Para(" ".join(lines)))
            elif form == "leaders":
                out.append(Leaders(lines))
            else:
                out.append(Bullets(lines))
        return out

    def expiry_section(self):
        """One sentence; the fact's `text` is always the English wording of the rule."""
        e, cur = self.p.expiry, self.p.currency
        n = e["inactivity_months"] or e["validity_months"]
        key = "never" if not e["expires"] else ("inactive" if e["inactivity_months"] else "valid")
        if key == "never":
            en = self.pick(P.EXPIRY_NEVER).format(cur=cur, Cur=cap(cur))
        elif key == "inactive":
            en = self.pick(P.EXPIRY_INACTIVE).format(n=n, cur=cur, Cur=cap(cur))
        elif n % 12 == 0 and self.rng.random() < 0.3:
            en = self.pick(P.EXPIRY_VALID_YEARS).format(n=n, y=n // 12, cur=cur, Cur=cap(cur))
        else:
            en = self.pick(P.EXPIRY_VALID).format(n=n, cur=cur, Cur=cap(cur))
        if self.lex:
            shown = self.lex[key].format(n=n, cur=self.cur(), Cur=cap(self.cur()))
            head = self.lex["expiry_heading"]
        else:
            shown, head = en, self.fill(self.pick(P.EXPIRY_HEADING))
        self.facts.add("expiry_rules", {"program": self.p.id, "expires": e["expires"],
                                        "inactivity_months": e["inactivity_months"],
                                        "validity_months": e["validity_months"], "text": en})
        return [Heading(head, 2), Para(shown)]

    # ------------------------------------------------------------------ whole document
    def compose(self, name):
        rng, plan = self.rng, self.plan
        if plan.charts:
            kind = "guide" if (plan.award or plan.tiers or plan.expiry) and self.rng.random() < 0.7 else "earn"
        else:
            kind = "award" if plan.award else "guide"
        title = self.title(kind)
        body = [self.intro()]
        sections = []
        if plan.charts:
            sections.append(self.earning_section(plan.charts))
            decoys = []
            if not self.lex and rng.random() < 0.3:
                decoys += self.worked_example(plan.charts)
            if not self.lex and rng.random() < 0.2:
                decoys += self.promotion(plan.charts)
            sections[-1] += decoys
        if plan.award:
            sections.append(self.award_section())
        if plan.tiers:
            sections.append(self.tiers_section())
        if plan.expiry:
            sections.append(self.expiry_section())
        if len(sections) > 1 and rng.random() < 0.3:
            first = sections.pop(0)
            sections.insert(rng.randint(0, len(sections)), first)
        for s in sections:
            body += s
        if not self.lex:
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                body.insert(self.free_slot(body), self.distractor())
        if plan.charts and rng.random() < 0.12:
            body.insert(self.free_slot(body), self.hostile(plan.charts))
        body.append(Rule())
        body.append(Para(self.lex["disclaimer"] if self.lex else P.DISCLAIMER, small=True))
        chrome = self.chrome()
        content = []
        if plan.charts:
            content.append("earning for " + ", ".join(c.airline for c in plan.charts))
        if plan.award:
            content.append("award chart and zones")
        if plan.tiers:
            content.append("status tiers")
        if plan.expiry:
            content.append("expiry")
        self.notes.insert(0, " + ".join(content) + (f", in {self.lang}" if self.lex else "")
                          + {"normal": "", "title_only": "; program named only in the title",
                             "filename_only": "; program named only in the file name"}[self.name_mode])
        return Document(name=name, lang=self.lang, title=title, blocks=[Title(title)] + body, chrome=chrome)

    def free_slot(self, body):
        """A position between blocks that does not separate a heading from what it heads."""
        slots = [i for i in range(1, len(body) + 1) if not isinstance(body[i - 1], Heading)]
        return self.rng.choice(slots)

    def chrome(self):
        rng = self.rng
        return {"nav": rng.sample(P.NAV, rng.randint(3, 6)), "cookie": self.pick(P.COOKIE),
                "sidebar": [s.format(n=rng.randint(100, 999), kg=rng.choice([20, 23]), fee=rng.choice([25, 40]))
                            for s in rng.sample(P.SIDEBAR, rng.randint(2, 4))],
                "footer": f"© {rng.randint(2023, 2025)} {R.airline_name(self.p.operator)}. All rights reserved.",
                "layout_table": rng.random() < 0.25}
