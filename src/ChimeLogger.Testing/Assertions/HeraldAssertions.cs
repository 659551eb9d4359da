using System.Text;

namespace ChimeLogger.Testing;

/// <summary>
/// Assertions on what the herald would store. Each returns what it found, so that a test can go on from it, and
/// throws a <see cref="HeraldAssertionException"/> whose message shows what the herald would have for the entity:
/// its parents, operations, errors and events.
/// </summary>
public static class HeraldAssertions
{
    /// <summary>Asserts that the entity has an operation <paramref name="name"/> and returns the most recent one.</summary>
    /// <param name="entity">The entity (the result of <c>herald.Entity(id)</c>).</param>
    /// <param name="name">The operation name.</param>
    /// <param name="failed">When set, the operation must (<see langword="true"/>) or must not (<see langword="false"/>) carry a <c>helix.error</c>.</param>
    /// <returns>The most recent matching operation.</returns>
    /// <exception cref="HeraldAssertionException">The entity is missing or has no such operation.</exception>
    public static HeraldOperation ShouldHaveOperation(this HeraldEntity? entity, string name, bool? failed = null)
    {
        HeraldEntity found = Present(entity, $"an operation '{name}'");
        HeraldOperation? match = found.Operations.LastOrDefault(operation => operation.Name == name && (failed is null || operation.Failed == failed));
        if (match is null)
        {
            string wanted = failed switch { true => $"a failed operation '{name}'", false => $"an operation '{name}' without error", _ => $"an operation '{name}'" };
            string has = found.Operations.Count == 0
                ? "it has none"
                : "its operations are " + string.Join(", ", found.Operations.Select(static operation => operation.Name + (operation.Failed ? " (failed)" : string.Empty)));
            throw Failure(found, $"Expected entity '{found.Id}' to have {wanted}, but {has}.");
        }

        return match;
    }

    /// <summary>Asserts that the entity has a <c>helix.error</c> (with the given <c>message</c> and <c>stage</c>, when given) and returns it.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="message">The expected <c>message</c> key, or <see langword="null"/> for any.</param>
    /// <param name="stage">The expected <c>stage</c> key, or <see langword="null"/> for any.</param>
    /// <returns>The first matching error.</returns>
    /// <exception cref="HeraldAssertionException">The entity is missing or has no such error.</exception>
    public static HeraldError ShouldHaveError(this HeraldEntity? entity, string? message = null, string? stage = null)
    {
        string wanted = "a helix.error" + (message is null ? string.Empty : $" with message '{message}'") + (stage is null ? string.Empty : $" at stage '{stage}'");
        HeraldEntity found = Present(entity, wanted);
        HeraldError? match = found.Errors.FirstOrDefault(error => (message is null || error.Message == message) && (stage is null || error.Stage == stage));
        if (match is null)
        {
            string has = found.Errors.Count == 0
                ? "it has no error (has_error is false)"
                : "its errors are " + string.Join(", ", found.Errors.Select(static error => $"message '{error.Message}' at stage '{error.Stage}'"));
            throw Failure(found, $"Expected entity '{found.Id}' to have {wanted}, but {has}.");
        }

        return match;
    }

    /// <summary>Asserts that the entity has no <c>helix.error</c> (the herald would not mark it <c>has_error</c>).</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="HeraldAssertionException">The entity is missing or has an error.</exception>
    public static HeraldEntity ShouldNotHaveError(this HeraldEntity? entity)
    {
        HeraldEntity found = Present(entity, "no error");
        if (found.HasError)
        {
            throw Failure(found, $"Expected entity '{found.Id}' to have no error, but the herald would mark it has_error: " +
                string.Join(", ", found.Errors.Select(static error => $"message '{error.Message}' at stage '{error.Stage}'")) + ".");
        }

        return found;
    }

    /// <summary>
    /// Asserts that the entity has the event <paramref name="name"/>, with at least the given attributes (compared as
    /// the herald stores them: as text, so <c>556.2</c> matches <c>"556.2"</c>), and returns it.
    /// </summary>
    /// <param name="entity">The entity.</param>
    /// <param name="name">The event name (<c>helix.event.classified</c>).</param>
    /// <param name="attributes">Attributes the event must carry, or <see langword="null"/> for any.</param>
    /// <returns>The first matching event.</returns>
    /// <exception cref="HeraldAssertionException">The entity is missing or has no such event.</exception>
    public static HeraldEvent ShouldHaveEvent(this HeraldEntity? entity, string name, IEnumerable<KeyValuePair<string, object?>>? attributes = null)
    {
        IReadOnlyDictionary<string, string> expected = attributes is null ? new Dictionary<string, string>() : HeraldValueText.Map(attributes);
        string wanted = $"the event '{name}'" + (expected.Count == 0 ? string.Empty : " with " + HeraldValueText.Join(expected));
        HeraldEntity found = Present(entity, wanted);
        HeraldEvent? match = found.Events.FirstOrDefault(e => e.Name == name && expected.All(pair => e.Attributes.TryGetValue(pair.Key, out string? value) && value == pair.Value));
        if (match is null)
        {
            string has = found.Events.Count == 0
                ? "it has no event"
                : "its events are " + string.Join(", ", found.Events.Select(static e => e.Name + " " + HeraldValueText.Join(e.Attributes)));
            throw Failure(found, $"Expected entity '{found.Id}' to have {wanted}, but {has}.");
        }

        return match;
    }

    /// <summary>Asserts that the entity's parents are exactly <paramref name="parents"/>, in any order.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="parents">The expected parent ids.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="HeraldAssertionException">The entity is missing or its parents differ.</exception>
    public static HeraldEntity ShouldHaveParents(this HeraldEntity? entity, params string[] parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        HeraldEntity found = Present(entity, $"the parents {string.Join(", ", parents)}");
        if (!found.Parents.ToHashSet(StringComparer.Ordinal).SetEquals(parents))
        {
            string has = found.Parents.Count == 0 ? "it has none" : "it has " + string.Join(", ", found.Parents);
            string missing = string.Join(", ", parents.Except(found.Parents, StringComparer.Ordinal));
            string extra = string.Join(", ", found.Parents.Except(parents, StringComparer.Ordinal));
            throw Failure(found, $"Expected entity '{found.Id}' to have the parents {Listed(parents)}, but {has}" +
                (missing.Length > 0 ? $" (missing: {missing})" : string.Empty) + (extra.Length > 0 ? $" (not expected: {extra})" : string.Empty) + ".");
        }

        return found;
    }

    /// <summary>Asserts that a log record carrying the entity's id contains <paramref name="text"/> (and has <paramref name="level"/>, when given).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="text">Text the formatted message contains.</param>
    /// <param name="level">The severity text (<c>INFO</c>, <c>WARNING</c>, ...), or <see langword="null"/> for any.</param>
    /// <returns>The first matching log record.</returns>
    /// <exception cref="HeraldAssertionException">The entity is missing or has no such log record.</exception>
    public static HeraldLog ShouldHaveLog(this HeraldEntity? entity, string text, string? level = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string wanted = $"a log record containing '{text}'" + (level is null ? string.Empty : $" at level {level}");
        HeraldEntity found = Present(entity, wanted);
        HeraldLog? match = found.Logs.FirstOrDefault(log => (log.Message ?? string.Empty).Contains(text, StringComparison.Ordinal)
            && (level is null || string.Equals(log.Level, level, StringComparison.OrdinalIgnoreCase)));
        if (match is null)
        {
            string has = found.Logs.Count == 0 ? "no log record carries its id" : $"its {found.Logs.Count} log records are shown below";
            throw Failure(found, $"Expected entity '{found.Id}' to have {wanted}, but {has}.");
        }

        return match;
    }

    internal static HeraldEntity EntityOf(HeraldModel model, string id)
    {
        if (model.Entity(id) is { LostCreationStage: { } lost } placeholder)
        {
            throw Failure(placeholder,
                $"The herald would keep '{id}' only as a placeholder: its creation by '{lost}' was lost. An operation on '{id}' reached the herald first " +
                "(an operate that ended before the create did) and made a placeholder row, and a creation without parents does not replace it: the entity has " +
                $"no type, no metadata, no trace and no creation in its history. End the create span of '{id}' before operating on it " +
                $"(ChimeLogger's ordered delivery holds such an operation for at most {ChimeLoggerOptions.OpenCreationWaitLimit.TotalSeconds:F0} s), or give the entity its parents.");
        }

        if (model.Entity(id) is { } entity)
        {
            return entity;
        }

        StringBuilder message = new($"The herald would have no entity '{id}'.");
        foreach (HeraldEntity near in model.Entities.Where(e => e.Id.Trim() == id.Trim()))
        {
            message.Append($" There is an entity '{near.Id}': ids are compared exactly, and the herald does not trim helix.entity.id.");
        }

        AppendMentions(message, model, id);
        message.AppendLine().AppendLine().Append(model.Describe());
        throw new HeraldAssertionException(message.ToString());
    }

    internal static void NoEntityIn(HeraldModel model, string id)
    {
        if (model.Entity(id) is { } entity)
        {
            throw Failure(entity, $"Expected the herald to have no entity '{id}', but it would have one.");
        }
    }

    private static HeraldEntity Present(HeraldEntity? entity, string wanted) =>
        entity ?? throw new HeraldAssertionException(
            $"Expected an entity with {wanted}, but there is no entity: Entity(id) returned null. " +
            "Call ShouldHaveEntity(id) on the herald instead to see every entity it would have.");

    private static HeraldAssertionException Failure(HeraldEntity entity, string expectation)
    {
        StringBuilder message = new(expectation);
        message.AppendLine().AppendLine().Append($"What the herald would have for '{entity.Id}':").AppendLine();
        message.Append(entity.Describe());
        if (entity.Model is { } model)
        {
            AppendMentions(message, model, entity.Id);
        }

        return new HeraldAssertionException(message.ToString());
    }

    private static void AppendMentions(StringBuilder message, HeraldModel model, string id)
    {
        string quoted = $"'{id}'";
        List<string> mentions = model.Ignored.Where(reason => reason.Contains(quoted, StringComparison.Ordinal)).ToList();
        if (mentions.Count > 0)
        {
            message.AppendLine().Append("Ignored by the herald:");
            foreach (string reason in mentions)
            {
                message.AppendLine().Append("  - ").Append(reason);
            }
        }
    }

    private static string Listed(string[] ids) => ids.Length == 0 ? "(none)" : string.Join(", ", ids);
}
