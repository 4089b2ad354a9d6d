"""A deterministic synthetic corpus: N articles of realistic shape, in the curated import format.

Officials recur across articles with a skew (a few top officials speak in thousands of them)
from a pool that grows sub-linearly with the corpus; agencies form three-level hierarchies
(ministry › directorate-general › sub-directorate, province › dinas › bidang); places are
real. The first ``k`` articles of ``generate(n, seed)`` are ``generate(k, seed)``, so a small
corpus is a prefix of a larger one and benchmarks at several sizes measure the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .model.document import Document

__all__ = ["Agency", "Official", "agencies", "generate", "official", "pool_size"]

# (province, its cities and regencies): real places of Indonesia.
PROVINCES = (
    ("Jawa Tengah", ("Semarang", "Cilacap", "Purwokerto", "Surakarta", "Magelang", "Pekalongan")),
    ("Jawa Barat", ("Bandung", "Bogor", "Bekasi", "Cirebon", "Tasikmalaya")),
    ("Jawa Timur", ("Surabaya", "Malang", "Kediri", "Jember", "Madiun")),
    ("Daerah Istimewa Yogyakarta", ("Yogyakarta", "Sleman", "Bantul")),
    ("Banten", ("Serang", "Tangerang", "Cilegon")),
    ("Bali", ("Denpasar", "Badung", "Gianyar")),
    ("Sumatera Utara", ("Medan", "Binjai", "Pematangsiantar")),
    ("Sumatera Barat", ("Padang", "Bukittinggi", "Payakumbuh")),
    ("Riau", ("Pekanbaru", "Dumai")),
    ("Sumatera Selatan", ("Palembang", "Lubuklinggau", "Prabumulih")),
    ("Lampung", ("Bandar Lampung", "Metro")),
    ("Aceh", ("Banda Aceh", "Lhokseumawe", "Langsa")),
    ("Kalimantan Barat", ("Pontianak", "Singkawang")),
    ("Kalimantan Timur", ("Samarinda", "Balikpapan", "Bontang")),
    ("Kalimantan Selatan", ("Banjarmasin", "Banjarbaru")),
    ("Sulawesi Selatan", ("Makassar", "Parepare", "Palopo")),
    ("Sulawesi Utara", ("Manado", "Bitung", "Tomohon")),
    ("Nusa Tenggara Barat", ("Mataram", "Bima")),
    ("Nusa Tenggara Timur", ("Kupang", "Ende")),
    ("Papua", ("Jayapura", "Merauke")),
    ("DKI Jakarta", ("Jakarta Pusat", "Jakarta Selatan", "Jakarta Timur")),
)
JAKARTA = len(PROVINCES) - 1
MINISTRIES = (
    "Komunikasi dan Informatika", "Dalam Negeri", "Keuangan", "Kesehatan", "Pendidikan dan Kebudayaan",
    "Perhubungan", "Pertanian", "Sosial", "Pekerjaan Umum dan Perumahan Rakyat", "Pariwisata",
)
FUNCTIONS = (
    "Informasi dan Komunikasi Publik", "Aplikasi Informatika", "Pembinaan dan Pengawasan", "Perencanaan",
    "Pelayanan Publik", "Pengelolaan Data", "Sumber Daya Manusia", "Kerja Sama", "Tata Kelola",
    "Pengembangan Kapasitas", "Infrastruktur", "Penyuluhan",
)
DINAS = ("Komunikasi dan Informatika", "Kesehatan", "Pendidikan", "Perhubungan", "Sosial")
FIRST = ("Agung", "Budi", "Siti", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari",
         "Muhammad", "Nur", "Oki", "Putri", "Rahmat", "Sri", "Taufik", "Utami", "Wahyu", "Yusuf", "Zainal",
         "Ahmad", "Bambang", "Citra", "Dian", "Endang", "Ferry", "Hadi", "Iwan", "Ratna", "Slamet", "Tri",
         "Wulan", "Yanti", "Arif", "Bayu", "Diah", "Galih")
LAST = ("Hikmati", "Hafid", "Pranowo", "Santoso", "Wibowo", "Susanto", "Lestari", "Setiawan", "Nugroho",
        "Hidayat", "Purnomo", "Saputra", "Rahayu", "Kurniawan", "Siregar", "Nasution", "Harahap", "Simanjuntak",
        "Wijaya", "Gunawan", "Prasetyo", "Suryadi", "Handayani", "Ramadhan", "Syahputra", "Pratama", "Utomo",
        "Sulistyo", "Firmansyah", "Hakim", "Maulana", "Anwar", "Yulianto", "Permana", "Sembiring", "Tanjung")
PREFIXES = (None, None, None, "Drs.", "Dr.", "Ir.", "H.", "Dra.")
SUFFIXES = (None, None, "M.Si", "S.Sos", "M.AP", "S.H., M.H.", "M.Kom", "S.E., M.M.")
EVENTS = (
    ("coordination_meeting", "Rapat Koordinasi"), ("coordination_meeting", "Sinkronisasi dan Koordinasi"),
    ("training", "Pelatihan"), ("training", "Bimbingan Teknis"), ("socialization", "Sosialisasi"),
    ("opening", "Pembukaan"), ("visit", "Kunjungan Kerja"), ("press_conference", "Konferensi Pers"),
    ("hearing", "Rapat Dengar Pendapat"), ("meeting", "Forum Group Discussion"),
)
TOPICS = ("Kehumasan", "Keterbukaan Informasi Publik", "Literasi Digital", "Penanganan Hoaks", "Smart City",
          "Pelayanan Publik", "Reformasi Birokrasi", "Penanggulangan Bencana", "Stunting", "Vaksinasi",
          "Anggaran Daerah", "Pemilu Damai", "UMKM Digital", "Satu Data Indonesia", "Pariwisata Daerah")
VENUES = ("Hotel Dafam", "Hotel Santika", "Hotel Aston", "Gedung Grahadi", "Aula Dinas", "Pendopo Kabupaten",
          "Gedung Serbaguna", "Hotel Grand Mercure", "Balai Kota", "Gedung Sate")
CLAUSES = ("pemerintah hadir di tengah masyarakat", "informasi publik harus dikelola dengan baik",
           "setiap ASN adalah humas bagi instansinya", "media sosial harus dimanfaatkan secara cerdas",
           "sinergi antarinstansi menjadi kunci", "pelayanan publik harus cepat dan transparan",
           "hoaks harus dilawan dengan informasi yang benar", "data yang akurat menjadi dasar kebijakan",
           "partisipasi masyarakat sangat dibutuhkan", "program ini harus dirasakan manfaatnya oleh warga")
OPENERS = ("Kami berharap", "Saya tegaskan bahwa", "Perlu diingat bahwa", "Kita semua sepakat bahwa",
           "Tidak dapat dipungkiri bahwa", "Pimpinan berpesan bahwa", "Menurutnya,")
ROLES = ("keynote", "opening", "remarks", "resource_person", "remarks", "press_statement", "moderator")
EPOCH = dt.date(2015, 1, 1)


@dataclass(frozen=True)
class Agency:
    """A node of the agency forest: top (ministry, province government), middle or leaf."""

    key: str
    name: str
    type: str
    parent: Agency | None
    head: str  # the title of the post heading it
    province: int  # index into PROVINCES of where it sits


@dataclass(frozen=True)
class Official:
    """One person of the pool, with the post they hold."""

    key: str
    name: str
    prefix: str | None
    suffix: str | None
    alias: str | None
    agency: Agency
    title: str
    start: dt.date


@lru_cache(maxsize=1)
def agencies() -> tuple[Agency, ...]:
    """Every agency, tops first, then middles, then leaves."""
    tops: list[Agency] = []
    mids: list[Agency] = []
    leaves: list[Agency] = []
    for m, field_name in enumerate(MINISTRIES):
        top = Agency(f"m{m}", f"Kementerian {field_name}", "ministry", None, "Menteri", JAKARTA)
        tops.append(top)
        for d in range(3):
            fn = FUNCTIONS[(m * 3 + d) % len(FUNCTIONS)]
            mid = Agency(f"m{m}d{d}", f"Direktorat Jenderal {fn}", "directorate_general", top,
                         "Direktur Jenderal", JAKARTA)
            mids.append(mid)
            for s in range(3):
                sub = FUNCTIONS[(m + d * 5 + s * 7 + 1) % len(FUNCTIONS)]
                leaves.append(Agency(f"m{m}d{d}s{s}", f"Subdirektorat {sub}", "sub_directorate", mid,
                                     f"Kepala Subdirektorat {sub}", JAKARTA))
    for p, (province, _) in enumerate(PROVINCES):
        top = Agency(f"p{p}", f"Pemerintah Provinsi {province}", "provincial_government", None, "Gubernur", p)
        tops.append(top)
        for d, dinas in enumerate(DINAS):
            mid = Agency(f"p{p}d{d}", f"Dinas {dinas} Provinsi {province}", "office", top, "Kepala Dinas", p)
            mids.append(mid)
            for b in range(3):
                unit = FUNCTIONS[(p + d * 3 + b * 5) % len(FUNCTIONS)]
                leaves.append(Agency(f"p{p}d{d}b{b}", f"Bidang {unit}", "division", mid, f"Kepala Bidang {unit}", p))
    return (*tops, *mids, *leaves)


def pool_size(articles: int) -> int:
    """How many officials the first ``articles`` articles draw on: grows as articles^0.6."""
    return 40 + int(12 * articles ** 0.6)


@lru_cache(maxsize=200_000)
def official(seed: int, j: int) -> Official:
    """Official number ``j`` of the pool: the first ones head the top agencies."""
    rng = random.Random(f"{seed}:official:{j}")  # noqa: S311 - synthetic data, not secrets
    forest = agencies()
    tops = sum(1 for a in forest if a.parent is None)
    agency = forest[j] if j < tops else forest[tops + rng.randrange(len(forest) - tops)]
    words = [FIRST[j % len(FIRST)], LAST[(j // len(FIRST)) % len(LAST)]]
    rest = j // (len(FIRST) * len(LAST))
    while rest:  # past every first × last pair, middle names keep the names distinct
        words.insert(1, FIRST[(rest - 1) % len(FIRST)])
        rest = (rest - 1) // len(FIRST)
    name = " ".join(words)
    # One in ten is known to be misspelt somewhere: a doubled letter becomes an alias.
    alias = f"{name[:2]}{name[1]}{name[2:]}" if rng.random() < 0.1 else None
    start = EPOCH - dt.timedelta(days=rng.randrange(6 * 365))
    return Official(f"o{j}", name, rng.choice(PREFIXES), rng.choice(SUFFIXES), alias, agency,
                    agency.head, start)


def _pick(rng: random.Random, pool: int) -> int:
    """An index of the pool, skewed so that the first officials speak far more often."""
    return int(pool * rng.random() ** 3)


def generate(n: int, seed: int = 0) -> Iterator[Document]:
    """``n`` synthetic article documents, the same for the same ``seed``."""
    if n < 0:
        raise ValueError(f"n={n}: expected a number of articles >= 0")
    for i in range(n):
        yield _Article(i, seed).document()


class _Article:
    """The state of writing one article: its random stream and the items it has gathered."""

    def __init__(self, i: int, seed: int) -> None:
        self.i, self.seed = i, seed
        self.rng = random.Random(f"{seed}:article:{i}")  # noqa: S311 - synthetic data, not secrets
        self.agencies: dict[str, Agency] = {}
        self.people: dict[str, Official] = {}
        self.posts: list[dict[str, str]] = []

    def need(self, agency: Agency) -> str:
        """Include an agency and its ancestors; its key."""
        node: Agency | None = agency
        while node is not None:
            self.agencies.setdefault(node.key, node)
            node = node.parent
        return agency.key

    def document(self) -> Document:
        rng, pool = self.rng, pool_size(self.i + 1)
        published = EPOCH + dt.timedelta(days=rng.randrange(10 * 365))
        for _ in range(rng.randint(1, 3)):
            o = official(self.seed, _pick(rng, pool))
            self.people.setdefault(o.key, o)
        speakers = list(self.people.values())
        host = speakers[0].agency
        # A ministry works from Jakarta, and half the time visits a province.
        here = host.province if host.province != JAKARTA or rng.random() < 0.5 else rng.randrange(len(PROVINCES))
        province, cities = PROVINCES[here]
        events: list[dict[str, object]] = []
        for e in range(rng.randint(1, 3)):
            item = self._event(e, published, host, province, cities)
            # Two events of one article with one name and day would be one event (one IRI) told twice.
            if all((item["name"], item["start"]) != (other["name"], other["start"]) for other in events):
                events.append(item)
        statements: list[dict[str, object]] = []
        delegations: list[dict[str, object]] = []
        for _ in range(rng.randint(1, 5)):
            speaker = rng.choice(speakers)
            event = rng.choice(events)["key"] if rng.random() < 0.9 else None
            role = rng.choice(ROLES)
            statement: dict[str, object] = {
                "speaker": speaker.key, "event": event, "role": role, "direct": rng.random() < 0.7,
                "text": f"{rng.choice(OPENERS)} {rng.choice(CLAUSES)}, dan {rng.choice(CLAUSES)}."}
            if rng.random() < 0.3:
                statement["on_behalf_of"] = principal = self._principal(speaker)
                if event is not None:
                    act = "reading_speech" if role == "keynote" else rng.choice(("representing", "opening"))
                    delegations.append({"delegate": speaker.key, "principal": principal, "event": event, "act": act})
            statements.append(statement)
        for o in self.people.values():
            self.need(o.agency)
        return Document.model_validate({
            "article": {"url": f"https://synthetic.humasgraph.id/{self.seed}/berita/{self.i}", "language": "id",
                        "title": f"{events[0]['name']} di {events[0]['city']}",
                        "publisher": f"Humas {host.name}", "published": published},
            "agencies": [{"key": a.key, "name": a.name, "type": a.type, "parent": a.parent.key if a.parent else None}
                         for a in self.agencies.values()],
            "people": [{"key": o.key, "name": o.name, "honorific_prefix": o.prefix, "honorific_suffix": o.suffix,
                        "aliases": [o.alias] if o.alias else [],
                        "positions": [{"title": o.title, "agency": o.agency.key, "start": o.start}]}
                       for o in self.people.values()],
            "posts": self.posts, "events": events, "statements": statements, "delegations": delegations,
        })

    def _event(self, e: int, published: dt.date, host: Agency, province: str,
               cities: tuple[str, ...]) -> dict[str, object]:
        rng = self.rng
        kind, phrase = rng.choice(EVENTS)
        start = published - dt.timedelta(days=rng.randrange(4))
        city = rng.choice(cities)
        organizer = host if host.parent is None else rng.choice([host, host.parent])
        return {
            "key": f"e{e}", "type": kind, "start": start, "end": start + dt.timedelta(days=rng.choice((0, 0, 1, 2))),
            "name": f"{phrase} {rng.choice(TOPICS)} {organizer.name} di {city}",
            "venue": f"{rng.choice(VENUES)} {city}",
            "city": city, "province": province, "organizer": self.need(organizer),
            "participant_count": rng.randrange(20, 500),
            "participants": sorted({self.need(rng.choice(agencies())) for _ in range(rng.randrange(3))}),
        }

    def _principal(self, speaker: Official) -> str:
        """Whom a statement is delivered for: the head of the speaker's top agency, a post there, or the agency."""
        top = speaker.agency
        while top.parent is not None:
            top = top.parent
        head = official(self.seed, [a for a in agencies() if a.parent is None].index(top))
        choice = self.rng.random()
        if head.key == speaker.key or choice >= 0.75:
            return self.need(top)
        if choice < 0.4:
            self.people[head.key] = head
            return head.key
        # A post: the head's own (its holder is known) or the secretary's (the article names no holder).
        secretary = "Sekretaris Daerah" if top.type == "provincial_government" else "Sekretaris Jenderal"
        title = self.rng.choice((top.head, secretary))
        key = f"post-{top.key}-{'head' if title == top.head else 'secretary'}"
        if all(p["key"] != key for p in self.posts):
            self.posts.append({"key": key, "title": title, "agency": self.need(top)})
        return key
