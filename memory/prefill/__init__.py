"""Prefill: answering forms, questions and messages on the user's behalf, from memory.

Modules: ``spec`` (the form model), ``sensitive`` (fields never filled), ``intents``
(labels -> fact predicates), ``formats`` (values that fit their field), ``sources``
(read access to every tier), ``answers`` (quoting the subject's own words),
``extractive`` (model-shortened quotes, grounded), ``service`` (``Prefiller``),
``confirm`` (a confirmed answer becomes a fact), ``style`` and ``draft`` (reply drafts).
Form files are read and written by ``importers.forms``; the CLI is ``app.cli.prefill``.
"""
