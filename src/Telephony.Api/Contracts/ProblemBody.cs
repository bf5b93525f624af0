namespace Telephony.Api.Contracts;

/// <summary>An RFC 9457 problem; <paramref name="Field"/> names the offending JSON member or query parameter.</summary>
internal sealed record ProblemBody(string Type, string Title, int Status, string? Detail, string? Field);
