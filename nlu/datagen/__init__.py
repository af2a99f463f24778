"""The source of the training examples in ``nlu/data``: paraphrase families and templates, rendered by
:mod:`nlu.datagen.build` (``python -m nlu.datagen.build``). The rendered jsonl files are what training reads.

Each family or template is one ``group``; the held-out split (:func:`nlu.dataset.split`) holds out whole
groups, and the wrappers that add register variety (greetings, sign-offs, chat or formal framing) are
themselves split, so held-out examples use templates and wrappers that training never saw.
"""
