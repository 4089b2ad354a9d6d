"""The compiled path: a validated operation's selection, answered a level at a time without per-field resolution.

strawberry stays the schema, the parser, the validation, the limits and the cost budget. After
them, ``Compiled`` looks the operation up in a cache of plans (per document and operation name,
like the parse cache). A plan is the selection with its fragments expanded per concrete type
and every field bound to its twin in ``shaper.FIELDS``. Running it (one worker-thread call for the
whole request) reads everything the selection will need in one prefetch query (``reads.needs_of``,
``Services.prefetch``), then writes the response's dicts a level at a time straight from that,
each leaf serialised by the schema's own scalar or enum; what the prefetch did not bring is read
in one batch per kind and level (``reads.PREFETCH``).

Anything the plan does not know falls back to the resolvers, so the answer is always theirs:
a field, argument or directive (``@skip``, ``@include``) outside ``FIELDS``, introspection, a
mutation (when compiling); a node of a kind it does not shape, an argument the resolvers would
refuse, a failing store call (when running). The resolvers then answer, errors and all.
"""

from __future__ import annotations

import logging
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.arguments import convert_arguments

from ..errors import QueryRejected
from ..services import Need
from .batch import Batch, Child, Fallback
from .context import Context
from .filters import checked_iri
from .loaders import off_loop
from .reads import PREFETCH, narrowing, needs_of
from .shaper import ARGUMENTS, FIELDS, Page

__all__ = ["Compiled", "NotCompiled", "OperationPlan", "Plans", "compile_operation"]

log = logging.getLogger(__name__)


class NotCompiled(Exception):  # noqa: N818 - a signal: the plan cache remembers the document falls back
    """The selection holds something the compiled path does not know."""


@dataclass
class FieldPlan:
    """One response key of an object: the field answering it and, for objects, a plan per concrete type."""

    key: str
    name: str
    node: FieldNode
    definition: GraphQLField | None  # None for __typename
    resolve: Callable[..., Any] | None
    serialize: Callable[[Any], Any] | None = None  # a leaf's scalar or enum
    is_list: bool = False
    children: dict[str, ObjectPlan | None] = field(default_factory=dict)
    convert: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    node_needs: list[Need] | None = None  # of a root ``node`` field: ``_node_needs``


@dataclass
class ObjectPlan:
    """The fields asked of one concrete type at one place in the selection."""

    type: str
    fields: list[FieldPlan]
    names: frozenset[str]
    _needs: list[Need] | None = None

    @property
    def subselections(self) -> Iterator[tuple[str, list[ObjectPlan]]]:
        for f in self.fields:
            yield f.name, [c for c in f.children.values() if c is not None]

    @property
    def needs(self) -> list[Need]:
        """What the selection below these objects reads (with paths from them), for one prefetch query."""
        if self._needs is None:
            self._needs = needs_of(self)
        return self._needs


@dataclass
class OperationPlan:
    """A compiled operation: its root plan and what its variables are coerced against."""

    document: DocumentNode
    operation: OperationDefinitionNode
    root: ObjectPlan
    # Kind → the only predicates of its records the operation uses: its prefetch queries read no others.
    narrow: dict[str, frozenset[str]] = field(default_factory=dict)
    # Set once strawberry has let the operation through (parsed, validated, within the limits) and the plan
    # answered it: what is then left to check is the variables' (``known.KnownOperations``).
    vetted: bool = False

    @property
    def reads(self) -> bool:
        """Whether running it reads the store (a bare ``{ __typename }`` does not: no thread hop for it)."""
        return any(f.resolve is not None for f in self.root.fields)


def _collect(schema: GraphQLSchema, typ: GraphQLObjectType, sets: list[SelectionSetNode],
             fragments: dict[str, FragmentDefinitionNode], out: dict[str, list[FieldNode]]) -> None:
    """graphql-core's field collection for ``typ``: response key → its field nodes, in document order."""
    for selection_set in sets:
        for sel in selection_set.selections:
            if sel.directives:  # @skip, @include: not compiled
                raise NotCompiled("directive")
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                out.setdefault(key, []).append(sel)
                continue
            condition: NamedTypeNode | None
            if isinstance(sel, FragmentSpreadNode):
                frag = fragments[sel.name.value]
                if frag.directives:
                    raise NotCompiled("directive")
                condition, inner = frag.type_condition, frag.selection_set
            elif isinstance(sel, InlineFragmentNode):
                condition, inner = sel.type_condition, sel.selection_set
            else:  # pragma: no cover - the three kinds of selection
                raise NotCompiled(type(sel).__name__)
            if condition is not None and not _applies(schema, condition.name.value, typ):
                continue
            _collect(schema, typ, [inner], fragments, out)


def _applies(schema: GraphQLSchema, condition: str, typ: GraphQLObjectType) -> bool:
    if condition == typ.name:
        return True
    named = schema.get_type(condition)
    return is_abstract_type(named) and schema.is_sub_type(named, typ)  # type: ignore[arg-type]


class _Compiler:
    def __init__(self, schema: GraphQLSchema, convert: Callable[[GraphQLField, dict[str, Any]], dict[str, Any]],
                 fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema = schema
        self.convert = convert
        self.fragments = fragments

    def object(self, typ: GraphQLObjectType, sets: list[SelectionSetNode]) -> ObjectPlan:
        known = FIELDS.get(typ.name)
        if known is None:
            raise NotCompiled(typ.name)
        collected: dict[str, list[FieldNode]] = {}
        _collect(self.schema, typ, sets, self.fragments, collected)
        fields = [self.field(typ, key, nodes, known) for key, nodes in collected.items()]
        return ObjectPlan(typ.name, fields, frozenset(f.name for f in fields))

    def field(self, typ: GraphQLObjectType, key: str, nodes: list[FieldNode],
              known: dict[str, Callable[..., Any]]) -> FieldPlan:
        name = nodes[0].name.value
        if name == "__typename":
            return FieldPlan(key, name, nodes[0], None, None)
        resolve = known.get(name)
        if resolve is None:
            raise NotCompiled(f"{typ.name}.{name}")
        allowed = ARGUMENTS.get((typ.name, name), frozenset())
        if any(a.name.value not in allowed for a in nodes[0].arguments or ()):
            raise NotCompiled(f"{typ.name}.{name} arguments")
        definition = typ.fields[name]
        plan = FieldPlan(key, name, nodes[0], definition, resolve)
        if definition.args:
            plan.convert = lambda raw, d=definition: self.convert(d, raw)
        wrapped = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
        plan.is_list = isinstance(wrapped, GraphQLList)
        named: GraphQLNamedType = get_named_type(definition.type)
        if is_leaf_type(named):
            if isinstance(named, GraphQLEnumType):
                plan.serialize = _enum_names(named)
            else:
                plan.serialize = named.serialize  # type: ignore[union-attr]
            return plan
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        if isinstance(named, GraphQLObjectType):
            plan.children[named.name] = self.object(named, sets)
        elif isinstance(named, GraphQLAbstractType):
            for possible in self.schema.get_possible_types(named):
                try:
                    plan.children[possible.name] = self.object(possible, sets)
                except NotCompiled:  # only a node of this type falls back, when one comes
                    plan.children[possible.name] = None
        return plan


def _enum_names(enum: GraphQLEnumType) -> Callable[[Any], Any]:
    """``enum.serialize``, its answer for each member of the Python enum behind it looked up instead of searched
    for (strawberry's compares the value with each of the enum's in turn)."""
    members = getattr(enum, "wrapped_cls", None)
    if members is None:
        return enum.serialize
    names = {member: enum.serialize(member) for member in members}

    def serialize(value: Any) -> Any:
        name = names.get(value) if isinstance(value, members) else None
        return name if name is not None else enum.serialize(value)
    return serialize


def compile_operation(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                      convert: Callable[[GraphQLField, dict[str, Any]], dict[str, Any]]) -> OperationPlan:
    """The plan of one operation of a validated document; ``NotCompiled`` when it must fall back."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY or schema.query_type is None:
        raise NotCompiled("not one query operation")
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root = _Compiler(schema, convert, fragments).object(schema.query_type, [operation.selection_set])
    return OperationPlan(document, operation, root, narrowing(root))


def run(plan: OperationPlan, schema: GraphQLSchema, batch: Batch, variables: dict[str, Any] | None) -> dict[str, Any]:
    """The response's ``data`` for ``plan``: a level of the selection at a time, each read in batches."""
    coerced = get_variable_values(schema, plan.operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):  # the resolvers' run reports them
        raise Fallback("variables")
    out: dict[str, Any] = {}
    arguments: dict[int, dict[str, Any]] = {}
    done = _prefetch_nodes(plan, batch, coerced, arguments)
    level: list[tuple[ObjectPlan, Any, dict[str, Any]]] = [(plan.root, None, out)]
    while level:
        by_type: dict[str, tuple[list[Any], set[str]]] = defaultdict(lambda: ([], set()))
        for obj_plan, obj, _ in level:
            objs, names = by_type[obj_plan.type]
            objs.append(obj)
            names.update(obj_plan.names)
        for typ, (objs, names) in by_type.items():
            prefetch = PREFETCH.get(typ)
            if prefetch is not None:
                prefetch(batch, objs, frozenset(names))
        following: list[tuple[ObjectPlan, Any, dict[str, Any]]] = []
        for obj_plan, obj, target in level:
            for f in obj_plan.fields:
                resolve = f.resolve
                if resolve is None:
                    target[f.key] = obj_plan.type
                    continue
                args = arguments.get(id(f))
                if args is None:
                    args = arguments[id(f)] = _arguments(f, coerced)
                value = resolve(batch, obj, args)
                if value is None:
                    target[f.key] = None
                elif (ser := f.serialize) is not None:
                    target[f.key] = [ser(v) for v in value] if f.is_list else ser(value)
                elif f.is_list:
                    target[f.key] = [_child(f, c, following) for c in value]
                else:
                    target[f.key] = _child(f, value, following)
        if level[0][0] is plan.root:
            _prefetch(batch, following, done, plan.narrow)
        level = following
    return out


def _prefetch_nodes(plan: OperationPlan, batch: Batch, variables: VariableValues,
                    arguments: dict[int, dict[str, Any]]) -> set[tuple[int, str]]:
    """For each root ``node(id:)``: its kind, and what a node of each kind its selection shapes would read, in one
    query (no round trip for the kind first). What a kind it turns out not to be read is cached and never asked for.

    Answers the (plan, IRI) pairs so read, for ``_prefetch`` to leave out."""
    done: set[tuple[int, str]] = set()
    for f in plan.root.fields:
        if f.name != "node":
            continue
        args = arguments[id(f)] = _arguments(f, variables)
        try:
            iri = checked_iri(str(args["id"]), "id")
        except QueryRejected:
            continue  # the field refuses it when it runs
        subs = [sub for sub in f.children.values() if sub is not None]
        batch.seed(batch.services.prefetch([iri], _node_needs(f, subs), plan.narrow))
        done.update((id(sub), iri) for sub in subs)
    return done


def _node_needs(f: FieldPlan, subs: list[ObjectPlan]) -> list[Need]:
    """What a root ``node`` field reads: the kind of its node, and what each kind its selection shapes would read
    (the same for every request of the plan: kept on the field)."""
    if f.node_needs is None:
        f.node_needs = list(dict.fromkeys([Need("kinds"), *(n for sub in subs for n in sub.needs)]))
    return f.node_needs


def _prefetch(batch: Batch, children: list[tuple[ObjectPlan, Any, dict[str, Any]]],
              done: set[tuple[int, str]], narrow: dict[str, frozenset[str]]) -> None:
    """Below the root fields, read what their whole selections will read: one query per root field's plan."""
    roots: dict[int, tuple[ObjectPlan, list[str]]] = {}
    for sub, obj, _ in children:
        found = roots.setdefault(id(sub), (sub, []))[1]
        if isinstance(obj, Page):
            found.extend(obj.iris)
        elif isinstance(obj, tuple):
            found.append(obj[0])
        elif isinstance(obj, str):
            found.append(obj)
    for sub, iris in roots.values():
        wanted = sorted({i for i in iris if (id(sub), i) not in done})
        if wanted and sub.needs:
            batch.seed(batch.services.prefetch(wanted, sub.needs, narrow))


def _arguments(f: FieldPlan, variables: VariableValues) -> dict[str, Any]:
    if f.definition is None or not f.definition.args:
        return {}
    raw = get_argument_values(f.definition, f.node, variables)
    return f.convert(raw) if f.convert is not None else raw


def _child(f: FieldPlan, child: Child, following: list[tuple[ObjectPlan, Any, dict[str, Any]]]) -> dict[str, Any]:
    sub = f.children.get(child.type)
    if sub is None:
        raise Fallback(f"{f.name} of type {child.type}")
    target: dict[str, Any] = {}
    following.append((sub, child.obj, target))
    return target


class Plans:
    """Plans by (document, operation name), bounded, least recently used dropped first; None: falls back."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._plans: OrderedDict[tuple[str, str | None], OperationPlan | None] = OrderedDict()
        # How often running a plan ended in the resolvers for another reason than a Fallback (a store
        # error, a refusal): the tests hold it at zero where the compiled path must answer.
        self.failures = 0
        self.answered = 0  # operations the compiled path answered

    def get(self, key: tuple[str, str | None], make: Callable[[], OperationPlan]) -> OperationPlan | None:
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        try:
            plan: OperationPlan | None = make()
        except NotCompiled:
            plan = None
        self._plans[key] = plan
        if len(self._plans) > self.maxsize:
            self._plans.popitem(last=False)
        return plan

    def vetted(self, key: tuple[str, str | None]) -> OperationPlan | None:
        """The plan of an operation strawberry has let through before (None when there is none)."""
        plan = self._plans.get(key)
        if plan is None or not plan.vetted:
            return None
        self._plans.move_to_end(key)
        return plan


class Compiled(SchemaExtension):
    """Answers a validated query through its compiled plan, when it has one; else leaves it to the resolvers."""

    def __init__(self, *, plans: Plans) -> None:
        self.plans = plans

    async def on_execute(self) -> Any:  # an async generator hook
        ctx = self.execution_context
        document = ctx.graphql_document
        context = ctx.context
        if ctx.result is None and document is not None and ctx.query is not None and isinstance(context, Context):
            schema = ctx.schema
            gschema = schema._schema
            name = getattr(ctx, "_provided_operation_name", None)

            def convert(definition: GraphQLField, raw: dict[str, Any]) -> dict[str, Any]:
                strawberry_field = definition.extensions["strawberry-definition"]
                return convert_arguments(raw, strawberry_field.arguments, schema.schema_converter.scalar_registry,
                                         schema.config)

            plan = self.plans.get((ctx.query, name), lambda: compile_operation(gschema, document, name, convert))
            if plan is not None:
                try:
                    if plan.reads:
                        data = await off_loop(run, plan, gschema, Batch(context.services), ctx.variables)
                    else:  # only __typename: no store, no thread hop
                        data = run(plan, gschema, Batch(context.services), ctx.variables)
                except Fallback:
                    pass
                except Exception:  # noqa: BLE001 - the resolvers run the request again and report its error
                    # (a refused argument, a store that failed): their answer is the one to give,
                    # with its code and message, so the compiled path never words an error itself.
                    self.plans.failures += 1
                    log.debug("compiled path fell back", exc_info=True)
                else:
                    self.plans.answered += 1
                    plan.vetted = True
                    ctx.result = ExecutionResult(data=data, errors=None)
        yield
