namespace Telephony.Sip.Registration;

/// <summary>Where a trunk registration stands.</summary>
public enum TrunkRegistrationState
{
    /// <summary>Not started, or stopped and unregistered.</summary>
    Idle,

    /// <summary>A REGISTER is under way (first one, or after a failure).</summary>
    Registering,

    /// <summary>The registrar holds our binding until <see cref="TrunkRegistration.ExpiresAt"/>.</summary>
    Registered,

    /// <summary>Every target failed; a retry is scheduled.</summary>
    Failed,
}
