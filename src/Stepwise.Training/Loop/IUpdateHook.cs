namespace Stepwise.Training.Loop;

/// <summary>
/// Sees every optimizer update as it happens (influence recording, leave-one-out checks, dynamics probes). Called on
/// the training thread right after the optimizer step, with a record whose spans are valid only during the call: copy
/// what you keep. A hook must not change the model, the optimizer or the record's buffers.
/// </summary>
public interface IUpdateHook
{
    /// <summary>Update <see cref="UpdateRecord.Update"/> is done: the state is now <see cref="UpdateRecord.After"/>.</summary>
    void AfterUpdate(in UpdateRecord update);
}
