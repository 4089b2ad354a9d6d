"""How much a GraphQL document asks for: depth, aliases, fragment spreads, and estimated rows (its cost).

One walk over the document, each fragment summarised once and reused wherever it is spread,
so the work is linear in the document's size. (strawberry's own depth and alias limiters
expanded every spread afresh: 40 fragments each spreading the previous twice, 1.5 KB under
the token limit, kept the event loop busy for more than 12 minutes.) The counts themselves
are taken with multiplicity, as if every spread were written out, so such a document is
refused instead of being cheap to check and expensive to answer.

The cost is the number of objects the answer may hold: each field that returns objects
counts once per parent it is asked of, a list field counts its expected length (``first``,
or the page's default, on a paged list; ``LIST_ESTIMATE`` on an unpaged one), and nesting
multiplies. Scalar fields ride along with their object, and introspection (bounded by the
schema) costs nothing. The cost is checked with the request's variables, before execution,
so a refused request never reaches the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
    get_named_type,
)
from graphql.language.visitor import SKIP
from strawberry.extensions import SchemaExtension

from .codes import OPERATION_RESOLUTION_FAILURE, QUERY_TOO_COMPLEX, QUERY_TOO_COSTLY
from .pagination import DEFAULT_PAGE, MAX_PAGE

__all__ = ["LIST_ESTIMATE", "MAX_FRAGMENT_NESTING", "MAX_SPREADS", "CostLimit", "Summary", "Walk",
           "estimated_cost", "operation_of", "shape_rule"]

# Expected length of a list field that takes no ``first`` (an event's speakers, a speaker's statements).
LIST_ESTIMATE = 5
# Unpaged lists that are usually longer than that.
LONG_LISTS: Mapping[str, int] = {"Agency.people": 50, "Agency.posts": 20, "Agency.children": 20,
                                 "Event.statements": 10, "Post.holders": 10}
# Fragment spreads in one operation, counted as if written out; fragments spread within fragments.
MAX_SPREADS = 1000
MAX_FRAGMENT_NESTING = 32


class TooComplex(Exception):  # noqa: N818 - internal signal, turned into a GraphQL error below
    """A document is refused while it is walked."""


@dataclass(frozen=True)
class Summary:
    """What a selection asks for: nesting depth, aliases, fragment spreads and estimated rows."""

    depth: int = 0
    aliases: int = 0
    spreads: int = 0
    cost: int = 0


ZERO = Summary()
ALIASED = Summary(aliases=1)


class Walk:
    """One pass over a document; ``operation(op)`` summarises an operation, fragments summarised once."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None,
                 max_depth: int) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.max_depth = max_depth
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._memo: dict[tuple[str, int], Summary] = {}
        self._active: list[str] = []
        self._defaults: dict[str, Any] = {}
        # The variables the walk read (only ``first`` arguments read any): a summary depends on nothing else.
        self.read: list[str] = []

    def operation(self, op: OperationDefinitionNode) -> Summary:
        self._defaults = {v.variable.name.value: v.default_value for v in op.variable_definitions or ()}
        root = self.schema.get_root_type(op.operation)
        if root is None:
            return ZERO  # no such root type: the spec's rules report it
        return self._selections(root, op.selection_set, 0, DEFAULT_PAGE)

    def _selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode, level: int,
                    page: int) -> Summary:
        # A plain loop and one Summary per selection set: this runs for every request (~45 fields
        # in the flagship query), so it stays cheap.
        depth = aliases = spreads = cost = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                s = self._field(parent, node, level, page)
            elif isinstance(node, InlineFragmentNode):
                typed = self.schema.get_type(node.type_condition.name.value) if node.type_condition else None
                s = self._selections(typed or parent, node.selection_set, level, page)
            elif isinstance(node, FragmentSpreadNode):
                s = self._spread(node.name.value, level, page)
                if level + s.depth > self.max_depth:
                    raise TooComplex(f"exceeds maximum operation depth of {self.max_depth}")
                spreads += 1
            else:
                continue
            depth = max(depth, s.depth)
            aliases += s.aliases
            spreads += s.spreads
            cost += s.cost
        return Summary(depth, aliases, spreads, cost)

    def _spread(self, name: str, level: int, page: int) -> Summary:
        """A fragment's summary, walked once (at the level of its first spread; its depth is relative)."""
        key = (name, page)
        if key in self._memo:
            return self._memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._active:
            return ZERO  # an unknown fragment or a cycle: the spec's rules report both
        if len(self._active) >= MAX_FRAGMENT_NESTING:
            raise TooComplex(f"spreads fragments within fragments more than {MAX_FRAGMENT_NESTING} deep")
        typed = self.schema.get_type(fragment.type_condition.name.value)
        if typed is None:
            return ZERO
        self._active.append(name)
        try:
            summary = self._memo[key] = self._selections(typed, fragment.selection_set, level, page)
        finally:
            self._active.pop()
        return summary

    def _field(self, parent: GraphQLNamedType, node: FieldNode, level: int, page: int) -> Summary:
        alias = 1 if node.alias else 0
        name = node.name.value
        fields = parent.fields if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else {}
        definition = fields.get(name)
        if name.startswith("__"):
            return ALIASED if alias else ZERO  # introspection: bounded by the schema, never depth-limited
        if level > self.max_depth:
            # Refused whatever lies below, so the walk (and its recursion) stops here.
            raise TooComplex(f"exceeds maximum operation depth of {self.max_depth}")
        if node.selection_set is None or definition is None:
            return ALIASED if alias else ZERO  # a scalar, or an unknown field (reported by the spec's rules)
        first = self._first(node, definition)
        returned = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
        if isinstance(returned, GraphQLList):
            if first is not None:
                rows = first
            elif parent.name.endswith("Connection"):
                rows = page  # a connection's edges and nodes: the page its field asked for
            else:
                rows = LONG_LISTS.get(f"{parent.name}.{name}", LIST_ESTIMATE)
        else:
            rows = 1
        named = get_named_type(returned)
        if named is None:
            return Summary(0, alias, 0, 0)
        inner = self._selections(named, node.selection_set, level + 1, DEFAULT_PAGE if first is None else first)
        return Summary(1 + inner.depth, alias + inner.aliases, inner.spreads, rows * (1 + inner.cost))

    def _first(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The field's ``first`` argument: given, from a variable, or the schema's default."""
        if "first" not in definition.args:
            return None
        value: Any = None
        for arg in node.arguments or ():
            if arg.name.value == "first":
                given = arg.value
                if isinstance(given, VariableNode):
                    var = given.name.value
                    if var not in self.read:
                        self.read.append(var)
                    if var in self.variables:
                        value = self.variables[var]
                    elif isinstance(self._defaults.get(var), IntValueNode):
                        value = self._defaults[var].value  # type: ignore[union-attr]
                elif isinstance(given, IntValueNode):
                    value = given.value
        if value is None:
            default = definition.args["first"].default_value
            value = default if isinstance(default, int) else None
        try:
            # Every ``first`` of the schema is capped at MAX_PAGE or below, and its resolver refuses
            # more with a message of its own: the estimate counts the most it can return.
            return min(max(0, int(value)), MAX_PAGE) if value is not None else None
        except (TypeError, ValueError):
            return None  # not an int: variable coercion refuses it


def shape_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing operations deeper, with more aliases or spreads than allowed."""

    class ShapeLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> Any:
            walk = Walk(self.context.schema, node, None, max_depth)
            for op in node.definitions:
                if not isinstance(op, OperationDefinitionNode):
                    continue
                name = op.name.value if op.name else "anonymous"
                try:
                    s = walk.operation(op)
                except TooComplex as exc:
                    self._refuse(f"'{name}' {exc}", op)
                    continue
                except RecursionError:  # only with a max_depth set far beyond any real query
                    self._refuse(f"'{name}' is nested too deep to check", op)
                    continue
                if s.aliases > max_aliases:
                    self._refuse(f"'{name}': {s.aliases} aliases found. Allowed: {max_aliases}", op)
                if s.spreads > MAX_SPREADS:
                    self._refuse(f"'{name}': {s.spreads} fragment spreads once written out. "
                                 f"Allowed: {MAX_SPREADS}", op)
            return SKIP

        def _refuse(self, message: str, op: OperationDefinitionNode) -> None:
            self.report_error(GraphQLError(message, op, extensions={"code": QUERY_TOO_COMPLEX}))

    return ShapeLimit


def operation_of(document: DocumentNode, name: str | None) -> OperationDefinitionNode | str:
    """The operation a request runs, or why none can be chosen."""
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        if len(ops) == 1:
            return ops[0]
        return (f"the document holds {len(ops)} operations: say which to run with 'operationName'"
                if ops else "the document holds no operation")
    for op in ops:
        if op.name is not None and op.name.value == name:
            return op
    return f"operationName={name!r}: no operation of that name in the document"


# Documents (and, per document, values of the variables read) whose cost is remembered; the oldest goes first.
COST_CACHE = 256
_COSTS: dict[tuple[str | None, str | None, int], tuple[tuple[str, ...], dict[tuple[Any, ...], int]]] = {}


def estimated_cost(schema: GraphQLSchema, text: str | None, document: DocumentNode, op: OperationDefinitionNode,
                   variables: Mapping[str, Any] | None, *, max_depth: int, max_cost: int) -> int:
    """The operation's cost with these variables (``max_cost + 1`` when it cannot be walked): walked once per
    document, operation and values of the variables the walk reads (a request for another event asks the same
    cost: 0.2 ms of a 5 ms request)."""
    key = (text, op.name.value if op.name else None, max_depth)
    known = _COSTS.get(key) if text is not None else None
    if known is not None:
        names, costs = known
        values = tuple((variables or {}).get(n) for n in names)
        try:
            return costs[values]
        except (KeyError, TypeError):  # TypeError: an unhashable value (coercion refuses it later)
            pass
    walk = Walk(schema, document, variables, max_depth)
    try:
        cost = walk.operation(op).cost
    except (TooComplex, RecursionError):  # validation refused it already; kept for safety
        return max_cost + 1
    if text is not None:
        names = tuple(walk.read)
        values = tuple((variables or {}).get(n) for n in names)
        try:
            hash(values)
        except TypeError:
            return cost
        if known is None or known[0] != names:
            if len(_COSTS) >= COST_CACHE:
                _COSTS.pop(next(iter(_COSTS)))
            known = _COSTS[key] = (names, {})
        if len(known[1]) >= COST_CACHE:
            known[1].clear()
        known[1][values] = cost
    return cost


class CostLimit(SchemaExtension):
    """Refuses, before execution, an operation whose estimated rows pass the budget (``max_cost``).

    Also refuses a document of several operations sent without ``operationName`` (strawberry
    would run the first).
    """

    def __init__(self, *, max_cost: int, max_depth: int) -> None:
        self.max_cost = max_cost
        self.max_depth = max_depth

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None and ctx.result is None:
            chosen = operation_of(document, getattr(ctx, "_provided_operation_name", None))
            if isinstance(chosen, str):
                ctx.result = ExecutionResult(None, [GraphQLError(
                    chosen, extensions={"code": OPERATION_RESOLUTION_FAILURE})])
            else:
                cost = estimated_cost(ctx.schema._schema, ctx.query, document, chosen, ctx.variables,
                                      max_depth=self.max_depth, max_cost=self.max_cost)
                if cost > self.max_cost:
                    ctx.result = ExecutionResult(None, [GraphQLError(
                        f"the query may return about {cost} objects, more than the {self.max_cost} one request "
                        "may ask for (max_cost): ask for smaller pages (first) or fewer nested lists",
                        chosen, extensions={"code": QUERY_TOO_COSTLY, "cost": cost, "budget": self.max_cost})])
        yield
