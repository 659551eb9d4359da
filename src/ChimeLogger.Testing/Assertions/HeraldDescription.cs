using System.Globalization;
using System.Text;

namespace ChimeLogger.Testing;

/// <summary>The text that <c>Describe()</c> returns and that assertion failures show: the entity graph, as the herald would have it.</summary>
internal static class HeraldDescription
{
    private const int LogsShown = 10;

    public static string Of(HeraldModel model)
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"The herald would have {Count(model.Entities.Count, "entity", "entities")}");
        text.AppendLine(model.Entities.Count == 0 ? "." : ":");
        foreach (HeraldEntity entity in model.Entities)
        {
            Append(text, entity);
        }

        int unattached = model.Logs.Count(static log => log.EntityId is null);
        if (unattached > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{Count(unattached, "log record", "log records")} written outside any entity.");
        }

        if (model.Ignored.Count > 0)
        {
            text.AppendLine("Ignored by the herald:");
            foreach (string reason in model.Ignored)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {reason}");
            }
        }

        return text.ToString();
    }

    public static string Of(HeraldEntity entity)
    {
        StringBuilder text = new();
        Append(text, entity);
        return text.ToString();
    }

    private static void Append(StringBuilder text, HeraldEntity entity)
    {
        text.Append(CultureInfo.InvariantCulture, $"- {entity.Id}");
        text.Append(entity.LostCreationStage is { } lost
            ? $"  placeholder: its creation by {lost} was LOST (an operation reached the herald first; a creation without parents does not replace a placeholder)"
            : entity.IsPlaceholder
            ? "  placeholder (an operation named it; no creation was stored)"
            : $"  type {entity.Type ?? "(none)"}, created by {entity.CreatedBy}");
        if (entity.HasError)
        {
            text.Append("  has_error");
        }

        text.AppendLine();
        text.AppendLine(entity.Parents.Count == 0 ? "    parents: none" : $"    parents: {string.Join(", ", entity.Parents)}");
        if (entity.Operations.Count == 0)
        {
            text.AppendLine("    operations: none");
        }

        foreach (HeraldOperation operation in entity.Operations)
        {
            text.Append(CultureInfo.InvariantCulture, $"    operation {operation.Name}");
            text.Append(operation.Failed ? "  failed" : "  ok");
            foreach (HeraldError error in operation.Errors)
            {
                text.Append(CultureInfo.InvariantCulture, $"  [error {Error(error)}]");
            }

            foreach (HeraldEvent spanEvent in operation.Events)
            {
                text.Append(CultureInfo.InvariantCulture, $"  [{spanEvent.Name}]");
            }

            text.AppendLine();
        }

        foreach (HeraldError error in entity.Errors)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    error {Error(error)}{Times(error.Count)}  {HeraldValueText.Join(error.Metadata)}{Latest(error.Metadata, error.LatestMetadata)}");
        }

        foreach (HeraldEvent spanEvent in entity.Events)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    event {spanEvent.Name}{Times(spanEvent.Count)}  {HeraldValueText.Join(spanEvent.Attributes)}{Latest(spanEvent.Attributes, spanEvent.LatestAttributes)}");
        }

        if (entity.Errors.Count == 0 && entity.Events.Count == 0)
        {
            text.AppendLine("    errors and events: none");
        }

        foreach (HeraldLog log in entity.Logs.Take(LogsShown))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    log {log.Level} {log.Message}");
        }

        if (entity.Logs.Count > LogsShown)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    ... and {entity.Logs.Count - LogsShown} more log records");
        }
    }

    private static string Error(HeraldError error) =>
        (error.Message ?? "(no message)") + (error.Stage is null ? string.Empty : $" at stage {error.Stage}");

    // A repeat's last occurrence, which the herald's de-duplication row keeps, when it differs from the first.
    private static string Latest(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> latest) =>
        ReferenceEquals(first, latest) || (first.Count == latest.Count && !first.Except(latest).Any())
            ? string.Empty
            : "  last " + HeraldValueText.Join(latest);

    private static string Times(int count) => count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (x{count})") : string.Empty;

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
