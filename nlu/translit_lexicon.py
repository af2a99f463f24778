"""Word lists for telling Latin-script Russian from English (:mod:`nlu.translit`).

``RUSSIAN_WORDS``: common Russian words as people type them in Latin letters, with their usual
variants, and the Cyrillic word each stands for. ``ENGLISH_WORDS``: common English words, none of
which is also a usual transliteration ("on", "no", "to", "my", "do" are in neither list: they are
Russian words too). ``BRANDS``: names kept as written in any text.
"""

from __future__ import annotations


def _spellings(table: str) -> dict[str, str]:
    """``"хочу: hochu khochu xochu ho4u"`` lines, one Russian word and its spellings a line."""
    out: dict[str, str] = {}
    for line in table.strip().splitlines():
        russian, spellings = line.split(":")
        for spelling in spellings.split():
            out[spelling] = russian.strip()
    return out


RUSSIAN_WORDS = _spellings("""
не: ne
нет: net
да: da
я: ya ja
меня: menya menja mena
мне: mne
мой: moy moj moi
моя: moya moja
мое: moe moyo
мою: moyu moju
моего: moego moyego
моей: moey moej moei
моим: moim
вы: vy
вас: vas
вам: vam
ваш: vash
ваша: vasha
ваше: vashe
ваши: vashi
вашего: vashego
вашей: vashey vashej
тебя: tebya
она: ona
они: oni
его: ego
их: ih ikh
нас: nas
нам: nam
наш: nash
это: eto
этот: etot
эта: eta
эту: etu
что: chto 4to shto
как: kak
когда: kogda
где: gde
почему: pochemu
зачем: zachem
кто: kto
сколько: skolko skol'ko
уже: uzhe uje
ещё: eshche eshe esche eschyo eshchyo
очень: ochen ochen'
тоже: tozhe
также: takzhe
так: tak
вот: vot
тут: tut
здесь: zdes zdes'
сейчас: seychas sejchas seichas
теперь: teper teper'
потом: potom
тогда: togda
если: esli
чтобы: chtoby chtob
или: ili
для: dlya dlja
без: bez
через: cherez
после: posle
из: iz
от: ot
по: po
за: za
в: v
к: k
при: pri
на: na
ну: nu
во: vo
об: ob
обо: obo
было: bylo
был: byl
была: byla
были: byli
будет: budet
быть: byt byt'
есть: est yest est'
надо: nado
нужно: nuzhno nuzno
нужен: nuzhen
нужна: nuzhna
можно: mozhno mozno
могу: mogu
можете: mozhete
хочу: hochu khochu xochu ho4u hochy
хотел: hotel khotel
хотела: hotela khotela
прошу: proshu
требую: trebuyu trebuju
верни: verni
верните: vernite
вернуть: vernut vernut'
деньги: dengi den'gi
денег: deneg
заказ: zakaz
заказа: zakaza
заказу: zakazu
заказал: zakazal
заказала: zakazala
номер: nomer
посылка: posylka posilka
посылку: posylku posilku
доставка: dostavka
доставку: dostavku
доставили: dostavili
курьер: kurer kur'er kurier
пришел: prishel prishol
пришла: prishla
пришло: prishlo
пришли: prishli
привезли: privezli
сломался: slomalsya slomalsa
сломалась: slomalas slomalas'
работает: rabotaet
вчера: vchera
сегодня: segodnya segodnja segodna
завтра: zavtra
позавчера: pozavchera
неделю: nedelyu nedelju
дней: dney dnei
дня: dnya
день: den den'
пожалуйста: pozhaluysta pozhalujsta pozhalusta pojaluysta pozhaluista
спасибо: spasibo spasib
здравствуйте: zdravstvuyte zdravstvujte zdrastvuyte zdravstvuite zdrastvujte zdrastvuite
привет: privet
добрый: dobryy dobryi dobriy dobrij dobrii
доброе: dobroe
пока: poka
ладно: ladno
хорошо: horosho khorosho xorosho
плохо: plokho ploho
согласен: soglasen
согласна: soglasna
конечно: konechno
опять: opyat opjat
снова: snova
все: vse vsyo vsio
всего: vsego
ничего: nichego
рублей: rubley rublei rublej
рубля: rublya
рубль: rubl
тысяч: tysyach
жалоба: zhaloba
жалобу: zhalobu
жалобы: zhaloby
пожаловаться: pozhalovatsya pozhalovatsa
срочно: srochno
помогите: pomogite
товар: tovar
купил: kupil
купила: kupila
купили: kupili
оплатил: oplatil
оплатила: oplatila
списали: spisali
дважды: dvazhdy
только: tolko tol'ko
всегда: vsegda
никогда: nikogda
же: zhe
ли: li
ведь: ved
""")

ENGLISH_WORDS = frozenset("""
the and of in is it you that he was for are as with his they at be this have from or one had by but not what all
were we when your can said there use an each which she how their if will up other about out many then them these so
some her would make like him into time has look two more write go see number way could people than first been call
who its now find long down did get come made may part over new after also back any only our just very still even
here why because well please thanks thank hello hi hey yes yeah yep ok okay sure order ordered orders refund refunded
money delivery delivered deliver arrived arrive never broken broke charged charge twice card account want wanted
need needed help today yesterday week weeks month months since again i'm don't it's can't didn't doesn't isn't
wasn't won't i've i'd i'll you're we're they're that's complaint complain service customer support product item
items phone email store shop bought buy paid pay payment received receive waiting wait nothing something anything
everything told asked does done should must got went took gave sent send still being having where while before
until every through during without again against between both few most same such too own off under above below
again further once more most other some than those only also day days hours hour minutes last next ago never ever
really actually already always sometimes someone anyone everyone no-one nobody thing things problem problems issue
issues working work works worked fix fixed replace replacement repair repaired cancel cancelled canceled contract
parcel package courier driver staff manager agent phone call called calling email emailed letter reply response
answer answered update still late lost damaged missing wrong right left open closed free fee fees price
cost costs total amount pounds dollars euros credit debit loan mortgage interest report reported bill billing
company companies business online website app application login password access address name number
home house car water gas electricity power heating boiler washing machine fridge kettle sofa laptop tv television
screen door window table chair bed hello dear sir madam regards sincerely best kind hope appreciate soon asap
urgent immediately please pls thx told tell telling say saying says speak spoke spoken person human real
my name's i'd i'm i've let's there's what's he's she's
""".split())

BRANDS = frozenset("""
bosch samsung apple iphone ipad macbook lg sony philips lenovo hp dell asus acer huawei xiaomi nokia motorola
ikea ozon wildberries yandex sber sberbank tinkoff alfa mts beeline megafon tele2 rostelecom aliexpress amazon
ebay google android windows whirlpool electrolux indesit beko gorenje siemens miele dyson braun tefal redmond
vitek polaris dns mvideo eldorado citilink lamoda avito paypal visa mastercard mir
""".split())
